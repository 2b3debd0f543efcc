#include "render/SurfaceJobs.h"

#include <vtkPolyData.h>

#include "render/SurfaceBuilder.h"

namespace seglens {

SurfaceJobs::SurfaceJobs(ViewerModel& model, QObject* parent)
    : QObject(parent), model_(model), slot_(this) {
  // Surfaces with signed distances serve the other colourings too.
  slot_.setCurrent([this](const InputKey& key) { return key == currentKey() || key == currentKey(true); });
  for (auto signal : {&ViewerModel::dataChanged, &ViewerModel::activePredictionChanged,
                      &ViewerModel::selectedLabelChanged, &ViewerModel::surfaceColoringChanged})
    connect(&model_, signal, this, &SurfaceJobs::schedule);
}

SurfaceJobs::~SurfaceJobs() = default;

InputKey SurfaceJobs::currentKey(bool withDistances) const {
  const SegmentationLayer* gt = model_.groundTruth();
  const SegmentationLayer* pred = model_.activePrediction();
  // Signed distances need a distance field per label: computed only while that colouring shows.
  const bool distances =
      pred && gt && (withDistances || model_.surfaceColoring() == SurfaceColoring::SignedDistance);
  return InputKey()
      .object(gt ? gt->image : nullptr)
      .object(pred ? pred->image : nullptr)
      .setting(model_.selectedLabel())
      .setting(distances ? 1 : 0);
}

void SurfaceJobs::schedule() {
  const InputKey key = currentKey();
  if (key == slot_.latestKey()) return;  // running, delivered, or failed for these inputs
  // Leaving the distance colouring: the surfaces built with distances are still the right ones.
  if (key != currentKey(true) && currentKey(true) == slot_.latestKey()) return;
  const SegmentationLayer* gt = model_.groundTruth();
  const SegmentationLayer* pred = model_.activePrediction();
  if (!gt && !pred) {
    slot_.settle(key);
    Q_EMIT cleared();
    return;
  }
  std::vector<std::uint32_t> labels;
  if (model_.selectedLabel()) labels.push_back(model_.selectedLabel());
  SurfaceRequest gtRequest, predRequest;
  if (gt) gtRequest = {gt->image, labels, nullptr, 15};
  // The membership scalar is cheap, so it is always computed; the mode only picks the colouring.
  if (pred) predRequest = {pred->image, labels, gt ? gt->image : nullptr, 15};
  if (pred && gt && model_.surfaceColoring() == SurfaceColoring::SignedDistance)
    predRequest.signedDistanceReference = gt->image;
  // The GT is a translucent context shell whose detail is the least visible: half the budget.
  gtRequest.maxTriangles = kDefaultMaxSurfaceTriangles / 2;
  const bool started = slot_.request(
      key,
      [gtRequest, predRequest](Progress& token) {
        SurfacePair out;
        if (gtRequest.image) out.gt = buildSurface(gtRequest, &token);
        if (predRequest.image) out.pred = buildSurface(predRequest, &token);
        return out;
      },
      [this](SurfacePair surfaces) { Q_EMIT built(surfaces); },
      [this](const std::string& message) { Q_EMIT failed(QString::fromStdString(message)); });
  if (started) Q_EMIT this->started();
}

}  // namespace seglens
