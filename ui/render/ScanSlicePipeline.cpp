#include "ScanSlicePipeline.h"

#include <vtkImageActor.h>
#include <vtkImageProperty.h>

namespace seglens {

ScanSlicePipeline::ScanSlicePipeline() : image_(SliceImageActor::Kind::Float) {}

void ScanSlicePipeline::update(const ScalarImage& scan, const SliceGrid& grid,
                               const std::vector<std::int32_t>& map) {
  image_.setGrid(grid, 0.0);
  float* out = image_.floatPixels();
  const float* in = scan.voxels.data();
  // Outside the volume: below any window, so it draws black.
  const float outside = -3.0e38f;
  for (std::size_t i = 0, n = map.size(); i < n; ++i) out[i] = map[i] >= 0 ? in[map[i]] : outside;
  image_.markModified();
}

void ScanSlicePipeline::setWindowLevel(const WindowLevel& wl) {
  image_.actor()->GetProperty()->SetColorWindow(wl.window);
  image_.actor()->GetProperty()->SetColorLevel(wl.level);
}

}  // namespace seglens
