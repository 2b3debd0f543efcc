#pragma once
// Local overlap maps: at every voxel, Dice/Jaccard/F1 of one label over a cubic window centred
// on it, from separable running box sums of the TP, reference and prediction indicators. O(N)
// whatever the window, and only computed inside the union's bounding box plus the window.
#include <cstdint>
#include <vector>

#include "LabelImage.h"
#include "Progress.h"

namespace seglens {

enum class LocalMetric { Dice, Jaccard, F1 };

struct WindowedMap {
  Geometry geometry;
  std::array<int, 3> halfWidth{0, 0, 0};  // window = 2*halfWidth+1 voxels per axis
  // One value per voxel of the reference grid; NaN where the window holds neither reference nor
  // prediction voxels (shown transparent).
  std::vector<float> values;
};

// Half-width in voxels along each axis for a window of `windowMm`: round(W / spacing) voxels,
// made odd so the window is centred.
std::array<int, 3> windowHalfWidth(const Geometry& g, double windowMm);

WindowedMap windowedMap(const LabelImage& reference, const LabelImage& prediction,
                        std::uint32_t label, LocalMetric metric, double windowMm,
                        Progress* progress = nullptr);

}  // namespace seglens
