#include "model/OverlapJobs.h"

#include <algorithm>

#include "Geometry.h"
#include "model/ViewerModel.h"

namespace seglens {

OverlapJobs::OverlapJobs(ViewerModel* model) : QObject(model), model_(model), slot_(this) {
  slot_.setCurrent([this](const InputKey& key) { return isCurrent(key); });
  slot_.setStateCallback([this] { Q_EMIT jobsChanged(); });
  connect(model_, &ViewerModel::dataChanged, this, &OverlapJobs::schedule);
}

OverlapJobs::~OverlapJobs() = default;

InputKey OverlapJobs::pairKey(int predictionId) const {
  const SegmentationLayer* gt = model_->groundTruth();
  const SegmentationLayer* p = model_->layer(predictionId);
  if (!gt || !p) return {};
  return InputKey().object(gt->image).object(p->image).setting(predictionId);
}

bool OverlapJobs::isCurrent(const InputKey& key) const {
  for (const auto& p : model_->predictions())
    if (pairKey(p.id) == key) return true;
  return false;
}

QString OverlapJobs::error() const {
  QStringList lines;
  for (const Failure& f : failures_)
    if (const SegmentationLayer* p = model_->layer(f.predictionId))
      lines << tr("overlap of %1 failed: %2").arg(p->name, QString::fromStdString(f.message));
  return lines.join("\n");
}

void OverlapJobs::schedule() {
  failures_.erase(std::remove_if(failures_.begin(), failures_.end(),
                                 [this](const Failure& f) { return !isCurrent(f.key); }),
                  failures_.end());
  // Busy with a pair that is still loaded: let it finish (its result is wanted).
  if (slot_.busy() && isCurrent(slot_.latestKey())) return;
  const SegmentationLayer* gt = model_->groundTruth();
  if (gt) {
    for (const auto& p : model_->predictions()) {
      if (model_->overlap(p.id)) continue;
      const InputKey key = pairKey(p.id);
      if (std::any_of(failures_.begin(), failures_.end(),
                      [&](const Failure& f) { return f.key == key; }))
        continue;
      if (compareGeometry(gt->image->geometry, p.image->geometry)) continue;
      auto a = gt->image, b = p.image;
      const int id = p.id;
      slot_.request(
          key,
          [a, b](Progress& token) {
            return std::make_shared<const OverlapCounts>(computeOverlap(*a, *b, &token));
          },
          [this, id](std::shared_ptr<const OverlapCounts> counts) {
            model_->setOverlap(id, std::move(counts));  // triggers no dataChanged
            schedule();
          },
          [this, id, key](const std::string& message) {
            failures_.push_back({id, key, message});
            Q_EMIT jobsChanged();
            schedule();
          });
      return;
    }
  }
  slot_.cancel();  // nothing loaded needs counts: a stale pair still running is dropped
  Q_EMIT idle();
}

}  // namespace seglens
