#pragma once
// The one way viewer jobs run on a worker: QtConcurrent at lowered priority, core's Progress as
// the cancel token, and every ending captured as a value (result, cancelled, or the error's
// message) so no exception crosses back into the event loop and no failure goes unreported.
#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "InputError.h"
#include "Progress.h"
#include "model/BackgroundPriority.h"

namespace seglens {

template <class R>
struct JobOutcome {
  std::optional<R> value;  // set on success
  bool cancelled = false;  // the token was cancelled (not a failure)
  std::string error;       // a failure's message: bad input or an internal error
  bool badInput = false;   // the failure was core's InputError (its message names the file)
};

template <class R>
QFuture<JobOutcome<R>> runInBackground(std::function<R(Progress&)> work,
                                       std::shared_ptr<Progress> token) {
  return QtConcurrent::run([work = std::move(work), token = std::move(token)]() {
    lowerThisThreadPriority();
    JobOutcome<R> out;
    try {
      out.value.emplace(work(*token));
    } catch (const Cancelled&) {
      out.cancelled = true;
    } catch (const InputError& e) {
      out.error = e.what();
      out.badInput = true;
    } catch (const std::exception& e) {
      out.error = std::string("internal error: ") + e.what();
    } catch (...) {
      out.error = "internal error (unknown exception)";
    }
    return out;
  });
}

}  // namespace seglens
