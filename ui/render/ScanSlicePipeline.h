#pragma once
// The scan layer of a slice view: resampled intensities, windowed on the GPU by the actor's
// image property, so a window/level drag does not touch the pixels.
#include <cstdint>
#include <vector>

#include "ScalarImage.h"
#include "SliceImageActor.h"
#include "WindowLevel.h"

namespace seglens {

class ScanSlicePipeline {
 public:
  ScanSlicePipeline();
  vtkImageActor* actor() const { return image_.actor(); }
  void update(const ScalarImage& scan, const SliceGrid& grid, const std::vector<std::int32_t>& map);
  void setWindowLevel(const WindowLevel& wl);

 private:
  SliceImageActor image_;
};

}  // namespace seglens
