#pragma once
// One segmentation layer of a slice view (GT or a prediction): each pixel's label coloured
// through a per-code RGBA table, filled or as label contours.
#include <cstdint>
#include <vector>

#include "LabelImage.h"
#include "model/ViewGeometry.h"

namespace seglens {

class LabelSlicePipeline {
 public:
  // The coloured slice, one packed RGBA per pixel; SliceScene blends the overlays into the one
  // image a view draws (SliceCompositor).
  const std::uint32_t* pixels() const { return pixels_.data(); }
  // `codeColors[c]` is the packed RGBA of code c (alpha 0: not drawn). Outline draws only pixels
  // whose 4-neighbourhood holds another label (or the volume's edge).
  void update(const LabelImage& image, const SliceGrid& grid, const std::vector<std::int32_t>& map,
              const std::vector<std::uint32_t>& codeColors, bool outline);

 private:
  std::vector<std::uint32_t> pixels_;
  std::vector<std::uint16_t> codes_;
};

}  // namespace seglens
