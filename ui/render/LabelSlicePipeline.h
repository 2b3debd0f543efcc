#pragma once
// One segmentation layer of a slice view (GT or a prediction): each pixel's label coloured
// through a per-code RGBA table, filled or as label contours.
#include <cstdint>
#include <vector>

#include "LabelImage.h"
#include "SliceImageActor.h"

namespace seglens {

class LabelSlicePipeline {
 public:
  LabelSlicePipeline();
  vtkImageActor* actor() const { return image_.actor(); }
  // The coloured slice; SliceScene blends the overlays into one image (SliceCompositor).
  SliceImageActor& image() { return image_; }
  // `codeColors[c]` is the packed RGBA of code c (alpha 0: not drawn). Outline draws only pixels
  // whose 4-neighbourhood holds another label (or the volume's edge).
  void update(const LabelImage& image, const SliceGrid& grid, const std::vector<std::int32_t>& map,
              const std::vector<std::uint32_t>& codeColors, bool outline, double depth);
  void setVisible(bool visible) { image_.setVisible(visible); }

 private:
  SliceImageActor image_;
  std::vector<std::uint16_t> codes_;
};

}  // namespace seglens
