#include "OverlapJobs.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#include "BackgroundPriority.h"
#include "Geometry.h"
#include "ViewerModel.h"

namespace seglens {

OverlapJobs::OverlapJobs(ViewerModel* model) : QObject(model), model_(model) {
  connect(&watcher_, &QFutureWatcher<std::shared_ptr<const OverlapCounts>>::finished, this,
          &OverlapJobs::onFinished);
  connect(model_, &ViewerModel::dataChanged, this, &OverlapJobs::schedule);
}

OverlapJobs::~OverlapJobs() {
  if (token_) token_->cancel();
  watcher_.waitForFinished();
}

void OverlapJobs::schedule() {
  const SegmentationLayer* gt = model_->groundTruth();
  if (running_) {
    // Stale if the GT or the prediction it compares changed; otherwise let it finish.
    const SegmentationLayer* pred = model_->layer(runningId_);
    if (!gt || gt->image != runningGt_ || !pred || pred->image != runningPred_) token_->cancel();
    return;
  }
  if (!gt) return;
  for (const auto& p : model_->predictions()) {
    if (model_->overlap(p.id)) continue;
    if (failed(InputKey().object(gt->image).object(p.image))) continue;
    if (compareGeometry(gt->image->geometry, p.image->geometry)) continue;
    running_ = true;
    runningId_ = p.id;
    runningGt_ = gt->image;
    runningPred_ = p.image;
    token_ = std::make_shared<Progress>();
    auto token = token_;
    auto a = runningGt_, b = runningPred_;
    watcher_.setFuture(QtConcurrent::run([a, b, token]() -> std::shared_ptr<const OverlapCounts> {
      lowerThisThreadPriority();
      try {
        return std::make_shared<const OverlapCounts>(computeOverlap(*a, *b, token.get()));
      } catch (const std::exception&) {
        return nullptr;  // cancelled, or grids changed under us: the next schedule() retries
      }
    }));
    return;
  }
  Q_EMIT idle();
}

bool OverlapJobs::failed(const InputKey& key) const {
  return std::find(failed_.begin(), failed_.end(), key) != failed_.end();
}

void OverlapJobs::onFinished() {
  auto counts = watcher_.result();
  running_ = false;
  const SegmentationLayer* gt = model_->groundTruth();
  const SegmentationLayer* pred = model_->layer(runningId_);
  const bool current = gt && gt->image == runningGt_ && pred && pred->image == runningPred_;
  if (counts && current) model_->setOverlap(runningId_, counts);  // triggers no dataChanged
  else if (current && !token_->isCancelled())
    failed_.push_back(InputKey().object(runningGt_).object(runningPred_));
  runningGt_.reset();
  runningPred_.reset();
  schedule();
}

}  // namespace seglens
