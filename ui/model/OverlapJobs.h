#pragma once
// Keeps ViewerModel's overlap counts (GT vs each prediction) up to date in the background. A data
// change cancels the running job; the latest state always wins.
#include <QFutureWatcher>
#include <QObject>
#include <memory>
#include <vector>

#include "LatestJob.h"
#include "OverlapEngine.h"
#include "Progress.h"

namespace seglens {

class ViewerModel;

class OverlapJobs : public QObject {
  Q_OBJECT
 public:
  explicit OverlapJobs(ViewerModel* model);
  ~OverlapJobs() override;
  bool busy() const { return running_; }

 Q_SIGNALS:
  void idle();

 private:
  void schedule();
  void onFinished();

  ViewerModel* model_;
  bool running_ = false;
  int runningId_ = 0;
  std::shared_ptr<const LabelImage> runningGt_, runningPred_;
  std::shared_ptr<Progress> token_;
  // Pairs the engine refused (not cancelled): never retried, or schedule() would spin. Keyed by
  // identity, not address: a new image at a freed one's address must still be tried.
  std::vector<InputKey> failed_;
  bool failed(const InputKey& key) const;
  QFutureWatcher<std::shared_ptr<const OverlapCounts>> watcher_;
};

}  // namespace seglens
