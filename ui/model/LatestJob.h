#pragma once
// One background computation slot where the latest request wins: a new request cancels the
// running one through its core Progress token and runs as soon as the stale one has unwound;
// requests made meanwhile replace each other, so a dragged slider never queues work. Results
// arrive on the thread that owns the slot (the UI thread), only for the latest request.
#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "BackgroundPriority.h"
#include "Progress.h"

namespace seglens {

// Observable state of a job slot, kept in models (widgets only display it).
struct JobState {
  bool running = false;
  double progress = 0;      // 0..1 of the running request
  int started = 0;          // requests that began running
  int cancelled = 0;        // requests cancelled because a newer one came (or cancel())
  int completed = 0;        // results delivered
};

// Identity of a job's inputs: the shared objects it reads, held weakly and compared by owner (a
// freed image whose address is reused never matches, and nothing is kept alive), plus its
// settings by value. A result is current only while its key equals the key of what is loaded.
class InputKey {
 public:
  InputKey& object(std::shared_ptr<const void> p) {
    objects_.emplace_back(p);
    return *this;
  }
  InputKey& setting(double v) {
    settings_.push_back(v);
    return *this;
  }
  bool operator==(const InputKey& o) const {
    if (settings_ != o.settings_ || objects_.size() != o.objects_.size()) return false;
    for (std::size_t i = 0; i < objects_.size(); ++i)
      if (objects_[i].owner_before(o.objects_[i]) || o.objects_[i].owner_before(objects_[i]))
        return false;
    return true;
  }
  bool operator!=(const InputKey& o) const { return !(*this == o); }
  bool empty() const { return objects_.empty() && settings_.empty(); }
  void clear() {
    objects_.clear();
    settings_.clear();
  }

 private:
  std::vector<std::weak_ptr<const void>> objects_;
  std::vector<double> settings_;
};

template <class R>
class LatestJob {
 public:
  using Work = std::function<R(Progress&)>;
  using Done = std::function<void(R)>;

  explicit LatestJob(QObject* context) : context_(context) {
    QObject::connect(&watcher_, &QFutureWatcher<std::optional<R>>::finished, context_,
                     [this] { onFinished(); });
  }
  ~LatestJob() {
    pending_.reset();
    if (token_) token_->cancel();
    watcher_.waitForFinished();
  }
  LatestJob(const LatestJob&) = delete;
  LatestJob& operator=(const LatestJob&) = delete;

  void request(Work work, Done done) {
    pending_ = Request{std::move(work), std::move(done)};
    if (running_) {
      if (!token_->isCancelled()) {
        token_->cancel();
        ++state_.cancelled;
      }
      return;
    }
    startPending();
  }
  // Cancels the running request and drops any pending one; no result is delivered.
  void cancel() {
    pending_.reset();
    if (running_ && !token_->isCancelled()) {
      token_->cancel();
      ++state_.cancelled;
    }
  }
  bool busy() const { return running_ || pending_.has_value(); }
  JobState state() const {
    JobState s = state_;
    s.running = busy();
    s.progress = running_ && token_ ? token_->fraction() : 0;
    return s;
  }
  // Called whenever a request starts or ends (for models to re-emit their state signal).
  void setStateCallback(std::function<void()> cb) { stateChanged_ = std::move(cb); }

 private:
  struct Request {
    Work work;
    Done done;
  };

  void startPending() {
    if (!pending_) return;
    Request r = std::move(*pending_);
    pending_.reset();
    running_ = true;
    ++state_.started;
    token_ = std::make_shared<Progress>();
    done_ = std::move(r.done);
    auto token = token_;
    auto work = std::move(r.work);
    watcher_.setFuture(QtConcurrent::run([work, token]() -> std::optional<R> {
      lowerThisThreadPriority();
      try {
        return work(*token);
      } catch (const Cancelled&) {
        return std::nullopt;
      }
    }));
    if (stateChanged_) stateChanged_();
  }

  void onFinished() {
    running_ = false;
    std::optional<R> result;
    try {
      result = watcher_.result();
    } catch (...) {
      result.reset();  // the work threw something other than Cancelled: no result
    }
    Done done = std::move(done_);
    const bool stale = token_->isCancelled() || pending_.has_value();
    if (!stale && result) {
      ++state_.completed;
      done(std::move(*result));
    }
    startPending();
    if (stateChanged_) stateChanged_();
  }

  QObject* context_;
  QFutureWatcher<std::optional<R>> watcher_;
  std::shared_ptr<Progress> token_;
  std::optional<Request> pending_;
  Done done_;
  bool running_ = false;
  JobState state_;
  std::function<void()> stateChanged_;
};

}  // namespace seglens
