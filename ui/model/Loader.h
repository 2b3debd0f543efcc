#pragma once
// Loads volumes off the UI thread. Every request starts reading at once on the thread pool, so a
// scan and its segmentations inflate concurrently, but results are delivered in request order (a
// GT must know the scan's grid before it is checked against it). Progress is polled from core's
// Progress token of the request at the front; cancel stops every load and drops the queue.
// Results arrive on the UI thread as `finished`.
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>
#include <deque>
#include <memory>
#include <optional>

#include "Geometry.h"
#include "LabelImage.h"
#include "Progress.h"
#include "model/BackgroundTask.h"
#include "ScalarImage.h"
#include "model/ViewerModel.h"

namespace seglens {

struct LoadRequest {
  QString path;
  LayerRole role = LayerRole::Scan;
  // Set for a resampling job: the already loaded image and the grid to resample it onto.
  std::shared_ptr<const LabelImage> resampleSource;
  std::optional<Geometry> resampleTarget;
  // A prediction layer the loaded file replaces in place (its id, place and display settings
  // kept); 0 adds a new layer.
  int replaceId = 0;
};

struct LoadResult {
  LoadRequest request;
  std::shared_ptr<const ScalarImage> scan;
  std::shared_ptr<const LabelImage> labels;
  QString error;  // one line naming the file and the problem; empty on success
  bool cancelled = false;
};

class Loader : public QObject {
  Q_OBJECT
 public:
  explicit Loader(QObject* parent = nullptr);
  ~Loader() override;

  void load(const QString& path, LayerRole role, int replaceId = 0);
  void resample(std::shared_ptr<const LabelImage> image, const Geometry& target,
                const QString& path, LayerRole role, int replaceId = 0);
  void cancel();
  bool busy() const { return !pending_.empty(); }
  int queued() const { return pending_.empty() ? 0 : int(pending_.size()) - 1; }

 Q_SIGNALS:
  void finished(const seglens::LoadResult& result);
  // fraction in [0,1]; text names the file being loaded.
  void progress(double fraction, const QString& text);
  void busyChanged(bool busy);

 private:
  struct Pending {
    LoadRequest request;
    std::shared_ptr<Progress> token;  // the worker keeps it alive even after a cancel
    QFuture<JobOutcome<LoadResult>> future;
  };
  void enqueue(LoadRequest request);
  void watchFront();
  void onFinished();

  std::deque<Pending> pending_;  // front = the next result to deliver
  bool delivering_ = false;      // inside `finished`: onFinished watches the next front itself
  QFutureWatcher<JobOutcome<LoadResult>> watcher_;
  QTimer poll_;
};

}  // namespace seglens
