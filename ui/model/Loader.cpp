#include "model/Loader.h"

#include <QFileInfo>

#include "model/BackgroundTask.h"
#include "ImageIO.h"
#include "InputError.h"
#include "model/WindowLevel.h"

namespace seglens {

namespace {

LoadResult runRequest(const LoadRequest& request, Progress* progress) {
  LoadResult result;
  result.request = request;
  const std::string path = request.path.toStdString();
  if (request.resampleSource) {
    result.labels = std::make_shared<const LabelImage>(
        resampleNearest(*request.resampleSource, *request.resampleTarget));
  } else if (request.role == LayerRole::Scan) {
    result.scan = std::make_shared<const ScalarImage>(loadScalarImage(path, progress));
    percentileWindow(result.scan);  // remembered: opening the scan then only looks it up
  } else {
    result.labels = std::make_shared<const LabelImage>(loadLabelImage(path, {}, progress));
  }
  return result;
}

// A worker's ending as the result the window reports: every failure names the file.
LoadResult toResult(const LoadRequest& request, JobOutcome<LoadResult> out) {
  if (out.value) return std::move(*out.value);
  LoadResult result;
  result.request = request;
  result.cancelled = out.cancelled;
  if (!out.cancelled)
    result.error = out.badInput ? QString::fromStdString(out.error)
                                : request.path + ": " + QString::fromStdString(out.error);
  return result;
}

}  // namespace

Loader::Loader(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<JobOutcome<LoadResult>>::finished, this, &Loader::onFinished);
  poll_.setInterval(100);
  connect(&poll_, &QTimer::timeout, this, [this] {
    if (!pending_.empty())
      Q_EMIT progress(pending_.front().token->fraction(),
                      QFileInfo(pending_.front().request.path).fileName());
  });
}

Loader::~Loader() {
  // Never leave a worker writing into a destroyed watcher.
  for (auto& p : pending_) p.token->cancel();
  for (auto& p : pending_) p.future.waitForFinished();
}

void Loader::load(const QString& path, LayerRole role, int replaceId) {
  enqueue({path, role, nullptr, std::nullopt, replaceId});
}

void Loader::resample(std::shared_ptr<const LabelImage> image, const Geometry& target,
                      const QString& path, LayerRole role, int replaceId) {
  enqueue({path, role, std::move(image), target, replaceId});
}

void Loader::cancel() {
  if (pending_.empty()) return;
  for (auto& p : pending_) p.token->cancel();
  // The front still reports (as cancelled) through the watcher; the rest are dropped now. Their
  // workers stop at the next cancellation check and their results are discarded.
  while (pending_.size() > 1) pending_.pop_back();
}

void Loader::enqueue(LoadRequest request) {
  Pending p;
  p.request = std::move(request);
  p.token = std::make_shared<Progress>();
  const LoadRequest copy = p.request;
  auto token = p.token;
  p.future = runInBackground<LoadResult>(
      [copy](Progress& token) { return runRequest(copy, &token); }, token);
  pending_.push_back(std::move(p));
  if (pending_.size() == 1 && !delivering_) {
    watchFront();
    poll_.start();
    Q_EMIT busyChanged(true);
  }
}

void Loader::watchFront() {
  Q_EMIT progress(0.0, QFileInfo(pending_.front().request.path).fileName());
  watcher_.setFuture(pending_.front().future);
}

void Loader::onFinished() {
  if (pending_.empty()) return;
  LoadResult result = toResult(pending_.front().request, pending_.front().future.result());
  pending_.pop_front();
  // Deliver first: a handler may queue more work (e.g. a resample), which then waits its turn.
  delivering_ = true;
  Q_EMIT finished(result);
  delivering_ = false;
  if (!pending_.empty()) {
    // Watched on a timer: the next result is often ready already, and its finished event would
    // then run straight after this one (Qt drains posted events before timers), so opening a
    // scan and its GT would freeze the UI for both at once.
    QTimer::singleShot(1, this, [this] {
      if (!pending_.empty()) watchFront();
    });
  } else {
    poll_.stop();
    Q_EMIT busyChanged(false);
  }
}

}  // namespace seglens
