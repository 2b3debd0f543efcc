#include "Montage.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ViewerModel.h"

namespace seglens {

std::optional<std::pair<int, int>> labelSliceExtent(const ViewerModel& model, const SliceGrid& grid,
                                                    std::uint32_t label) {
  const Geometry* g = model.referenceGeometry();
  if (!g) return std::nullopt;
  // Index bounding box of the label in the GT and the active prediction.
  std::array<std::size_t, 3> lo{g->size[0], g->size[1], g->size[2]}, hi{0, 0, 0};
  bool any = false;
  auto scan = [&](const SegmentationLayer* layer) {
    if (!layer) return;
    const LabelImage& im = *layer->image;
    if (!(im.geometry.size == g->size)) return;
    if (label && im.codeOf(label) < 0) return;
    std::size_t lin = 0;
    for (std::size_t k = 0; k < g->size[2]; ++k)
      for (std::size_t j = 0; j < g->size[1]; ++j)
        for (std::size_t i = 0; i < g->size[0]; ++i, ++lin) {
          const std::uint32_t v = im.labelAt(lin);
          if (label ? v != label : v == 0) continue;
          any = true;
          lo = {std::min(lo[0], i), std::min(lo[1], j), std::min(lo[2], k)};
          hi = {std::max(hi[0], i), std::max(hi[1], j), std::max(hi[2], k)};
        }
  };
  scan(model.groundTruth());
  scan(model.activePrediction());
  if (!any) return std::nullopt;
  double wmin = std::numeric_limits<double>::max(), wmax = std::numeric_limits<double>::lowest();
  for (int c = 0; c < 8; ++c) {
    const Vec3 p = g->indexToPhysical(double((c & 1) ? hi[0] : lo[0]), double((c & 2) ? hi[1] : lo[1]),
                                      double((c & 4) ? hi[2] : lo[2]));
    const double w = grid.fromPhysical(p)[2];
    wmin = std::min(wmin, w);
    wmax = std::max(wmax, w);
  }
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
