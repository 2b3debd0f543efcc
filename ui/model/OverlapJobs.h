#pragma once
// Keeps ViewerModel's overlap counts (GT vs each prediction) up to date in the background, one
// prediction at a time through a JobSlot keyed by the (GT, prediction) images. A data change that
// makes the running pair stale cancels it; a pair the engine refuses is reported (error()) and not
// retried until one of its images changes.
#include <QObject>
#include <QString>
#include <memory>
#include <string>
#include <vector>

#include "OverlapEngine.h"
#include "model/JobSlot.h"

namespace seglens {

class ViewerModel;

class OverlapJobs : public QObject {
  Q_OBJECT
 public:
  explicit OverlapJobs(ViewerModel* model);
  ~OverlapJobs() override;
  bool busy() const { return slot_.busy(); }
  JobState state() const { return slot_.state(); }
  // The failures of loaded pairs, one line each ("overlap of NAME failed: ..."), empty if none.
  QString error() const;

 Q_SIGNALS:
  void idle();
  void jobsChanged();

 private:
  void schedule();
  InputKey pairKey(int predictionId) const;
  bool isCurrent(const InputKey& key) const;

  ViewerModel* model_;
  struct Failure {
    int predictionId = 0;
    InputKey key;
    std::string message;
  };
  std::vector<Failure> failures_;  // pruned when their images are no longer loaded
  JobSlot<std::shared_ptr<const OverlapCounts>> slot_;
};

}  // namespace seglens
