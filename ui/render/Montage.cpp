#include "render/Montage.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "IndexBox.h"
#include "model/ViewerModel.h"

namespace seglens {

std::optional<std::array<double, 6>> labelGridBounds(const ViewerModel& model, const SliceGrid& grid,
                                                     std::uint32_t label) {
  const Geometry* g = model.referenceGeometry();
  if (!g) return std::nullopt;
  IndexBox box;
  for (const SegmentationLayer* layer : {model.groundTruth(), model.activePrediction()})
    if (layer && layer->image->geometry.size == g->size) box.add(labelBox(*layer->image, label));
  if (box.empty()) return std::nullopt;
  std::array<double, 6> b{1e300, -1e300, 1e300, -1e300, 1e300, -1e300};
  for (int c = 0; c < 8; ++c) {
    const Vec3 p = grid.fromPhysical(g->indexToPhysical(double((c & 1) ? box.hi[0] : box.lo[0]),
                                                        double((c & 2) ? box.hi[1] : box.lo[1]),
                                                        double((c & 4) ? box.hi[2] : box.lo[2])));
    for (std::size_t a = 0; a < 3; ++a)
      b[2 * a] = std::min(b[2 * a], p[a]), b[2 * a + 1] = std::max(b[2 * a + 1], p[a]);
  }
  return b;
}

std::optional<std::pair<int, int>> labelSliceExtent(const ViewerModel& model, const SliceGrid& grid,
                                                    std::uint32_t label) {
  const auto bounds = labelGridBounds(model, grid, label);
  if (!bounds) return std::nullopt;
  const double wmin = (*bounds)[4], wmax = (*bounds)[5];
  auto slice = [&](double w) {
    return std::clamp(int(std::lround((w - grid.w0) / grid.dw)), 0, grid.sliceCount - 1);
  };
  int a = slice(wmin), b = slice(wmax);
  if (a > b) std::swap(a, b);
  return std::make_pair(a, b);
}

std::vector<int> montageSlices(int first, int last, int count, int step) {
  std::vector<int> out;
  if (last < first) std::swap(first, last);
  if (step > 0) {
    for (int k = first; k <= last; k += step) out.push_back(k);
  } else if (count <= 1) {
    out.push_back((first + last) / 2);
  } else {
    for (int i = 0; i < count; ++i)
      out.push_back(first + int(std::lround(double(i) * (last - first) / double(count - 1))));
  }
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<double> SliceOverlap::dice() const {
  if (ref + pred == 0) return std::nullopt;
  return 2.0 * double(tp) / double(ref + pred);
}

SliceOverlap sliceOverlap(const ViewerModel& model, const SliceGrid& grid, int k, int predictionId,
                          std::uint32_t label) {
  SliceOverlap out;
  const Geometry* g = model.referenceGeometry();
  const SegmentationLayer* gt = model.groundTruth();
  const SegmentationLayer* pred = model.layer(predictionId);
  if (!g || !gt || !pred) return out;
  std::vector<std::int32_t> map;
  computeIndexMap(*g, grid, k, map);
  for (std::int32_t i : map) {
    if (i < 0) continue;
    const std::uint32_t r = gt->image->labelAt(std::size_t(i));
    const std::uint32_t p = pred->image->labelAt(std::size_t(i));
    const bool inRef = label ? r == label : r != 0;
    const bool inPred = label ? p == label : p != 0;
    out.ref += inRef;
    out.pred += inPred;
    // Foreground TP is any label on both, as core's foreground() counts it.
    out.tp += inRef && inPred;
  }
  return out;
}

}  // namespace seglens
