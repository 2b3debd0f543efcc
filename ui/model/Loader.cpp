#include "Loader.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include "ImageIO.h"
#include "InputError.h"

namespace seglens {

namespace {

LoadResult runRequest(const LoadRequest& request, Progress* progress) {
  LoadResult result;
  result.request = request;
  const std::string path = request.path.toStdString();
  try {
    if (request.resampleSource) {
      result.labels = std::make_shared<const LabelImage>(
          resampleNearest(*request.resampleSource, *request.resampleTarget));
    } else if (request.role == LayerRole::Scan) {
      result.scan = std::make_shared<const ScalarImage>(loadScalarImage(path, progress));
    } else {
      result.labels = std::make_shared<const LabelImage>(loadLabelImage(path, {}, progress));
    }
  } catch (const Cancelled&) {
    result.cancelled = true;
  } catch (const InputError& e) {
    result.error = QString::fromStdString(e.what());
  } catch (const std::exception& e) {
    // Anything else (ITK exceptions, bad_alloc) still names the file.
    result.error = request.path + ": " + QString::fromStdString(e.what());
  }
  return result;
}

}  // namespace

Loader::Loader(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<LoadResult>::finished, this, &Loader::onFinished);
  poll_.setInterval(100);
  connect(&poll_, &QTimer::timeout, this, [this] {
    if (running_ && token_)
      Q_EMIT progress(token_->fraction(), QFileInfo(running_->path).fileName());
  });
}

Loader::~Loader() {
  // Never leave a worker writing into a destroyed watcher.
  if (token_) token_->cancel();
  watcher_.waitForFinished();
}

void Loader::load(const QString& path, LayerRole role) {
  queue_.push_back({path, role, nullptr, std::nullopt});
  startNext();
}

void Loader::resample(std::shared_ptr<const LabelImage> image, const Geometry& target,
                      const QString& path, LayerRole role) {
  queue_.push_back({path, role, std::move(image), target});
  startNext();
}

void Loader::cancel() {
  queue_.clear();
  if (token_) token_->cancel();
}

void Loader::startNext() {
  if (running_ || queue_.empty()) return;
  running_ = std::make_unique<LoadRequest>(queue_.front());
  queue_.pop_front();
  token_ = std::make_shared<Progress>();
  const LoadRequest request = *running_;
  auto token = token_;  // the worker keeps the token alive even if a new one replaces it
  watcher_.setFuture(QtConcurrent::run([request, token] { return runRequest(request, token.get()); }));
  poll_.start();
  Q_EMIT busyChanged(true);
  Q_EMIT progress(0.0, QFileInfo(request.path).fileName());
}

void Loader::onFinished() {
  LoadResult result = watcher_.result();
  running_.reset();
  token_.reset();
  poll_.stop();
  Q_EMIT finished(result);
  startNext();
  if (!running_) Q_EMIT busyChanged(false);
}

}  // namespace seglens
