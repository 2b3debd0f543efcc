#pragma once
// The viewer's one job mechanism: a background computation slot keyed by the identity of its
// inputs (InputKey: the shared images it reads, held weakly, plus its settings by value).
// - Latest request wins: a request with a new key cancels the running one through its core
//   Progress token and runs as soon as the stale one has unwound; requests made meanwhile
//   replace each other, so a dragged slider never queues work. A request whose key equals the
//   running (or pending) one is not restarted.
// - A result is delivered only if its request is still the latest and, when the owner gave a
//   `current` check, its key still matches what the model holds now (an image replaced while
//   the job ran makes the result stale even if nobody asked again).
// - A failure (bad input, internal error) is kept: the slot's state carries the message until the
//   inputs change, the owner's `failed` callback runs, and the same key is not retried (it
//   would fail again and spin).
// Results and failures arrive on the thread that owns the slot (the UI thread).
#include <QFutureWatcher>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "Progress.h"
#include "model/BackgroundTask.h"
#include "model/InputKey.h"

namespace seglens {

// Observable state of a job slot, kept in models (widgets only display it).
struct JobState {
  bool running = false;
  double progress = 0;  // 0..1 of the running request
  int started = 0;      // requests that began running
  int cancelled = 0;    // requests cancelled because a newer one came (or cancel())
  int completed = 0;    // results delivered
  int failed = 0;       // requests that ended in an error
  std::string error;    // the last failure's message, cleared when the inputs change
};

template <class R>
class JobSlot {
 public:
  using Work = std::function<R(Progress&)>;
  using Done = std::function<void(R)>;
  using Failed = std::function<void(const std::string&)>;
  using Current = std::function<bool(const InputKey&)>;

  explicit JobSlot(QObject* context) {
    QObject::connect(&watcher_, &QFutureWatcher<JobOutcome<R>>::finished, context,
                     [this] { onFinished(); });
  }
  ~JobSlot() {
    pending_.reset();
    if (token_) token_->cancel();
    watcher_.waitForFinished();
  }
  JobSlot(const JobSlot&) = delete;
  JobSlot& operator=(const JobSlot&) = delete;

  // Whether the result for `key` is still what the owner's model holds (checked on delivery).
  void setCurrent(Current current) { current_ = std::move(current); }
  // Called whenever a request starts or ends (for models to re-emit their state signal).
  void setStateCallback(std::function<void()> cb) { stateChanged_ = std::move(cb); }

  // Returns false when nothing new was started: the same key is running or pending already, or
  // failed last time.
  bool request(InputKey key, Work work, Done done, Failed failed = {}) {
    if (pending_ && pending_->key == key) return false;
    if (!pending_ && running_ && !token_->isCancelled() && runningKey_ == key) return false;
    if (!failedKey_.empty() && failedKey_ == key) return false;
    if (failedKey_ != key) {
      failedKey_.clear();
      state_.error.clear();
    }
    pending_ = Request{std::move(key), std::move(work), std::move(done), std::move(failed)};
    if (running_) {
      cancelRunning();
      return true;
    }
    startPending();
    return true;
  }
  // A request that is always new (tests, one-off work).
  bool request(Work work, Done done, Failed failed = {}) {
    return request(InputKey().setting(double(++anonymous_)), std::move(work), std::move(done),
                   std::move(failed));
  }
  // Cancels the running request and drops any pending one; no result is delivered.
  void cancel() {
    pending_.reset();
    if (running_) cancelRunning();
    runningKey_.clear();
  }
  // Records that `key` is answered without work (its inputs make the job pointless): cancels
  // what runs, and latestKey() is `key`, so the same inputs are not looked at again.
  void settle(InputKey key) {
    cancel();
    runningKey_ = std::move(key);
  }
  // Forgets a kept failure, so the same inputs may be tried again (the user asked).
  void clearError() {
    failedKey_.clear();
    state_.error.clear();
  }
  bool busy() const { return running_ || pending_.has_value(); }
  // Key of the latest request (pending, running or finished); empty before any.
  const InputKey& latestKey() const { return pending_ ? pending_->key : runningKey_; }
  const std::string& error() const { return state_.error; }
  JobState state() const {
    JobState s = state_;
    s.running = busy();
    s.progress = running_ && token_ ? token_->fraction() : 0;
    return s;
  }

 private:
  struct Request {
    InputKey key;
    Work work;
    Done done;
    Failed failed;
  };

  void cancelRunning() {
    if (!token_->isCancelled()) {
      token_->cancel();
      ++state_.cancelled;
    }
  }

  void startPending() {
    if (!pending_) return;
    Request r = std::move(*pending_);
    pending_.reset();
    running_ = true;
    ++state_.started;
    token_ = std::make_shared<Progress>();
    runningKey_ = std::move(r.key);
    done_ = std::move(r.done);
    failed_ = std::move(r.failed);
    watcher_.setFuture(runInBackground<R>(std::move(r.work), token_));
    if (stateChanged_) stateChanged_();
  }

  void onFinished() {
    running_ = false;
    JobOutcome<R> out = watcher_.result();
    Done done = std::move(done_);
    Failed failed = std::move(failed_);
    const bool superseded = token_->isCancelled() || pending_.has_value();
    const bool current = !current_ || current_(runningKey_);
    if (!superseded && current) {
      if (out.value) {
        ++state_.completed;
        done(std::move(*out.value));
      } else if (!out.cancelled) {
        ++state_.failed;
        state_.error = out.error;
        failedKey_ = runningKey_;
        if (failed) failed(out.error);
      }
    }
    startPending();
    if (stateChanged_) stateChanged_();
  }

  QFutureWatcher<JobOutcome<R>> watcher_;
  std::shared_ptr<Progress> token_;
  std::optional<Request> pending_;
  InputKey runningKey_, failedKey_;
  Done done_;
  Failed failed_;
  Current current_;
  bool running_ = false;
  JobState state_;
  std::function<void()> stateChanged_;
  unsigned long long anonymous_ = 0;
};

}  // namespace seglens
