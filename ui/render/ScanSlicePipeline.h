#pragma once
// The scan layer of a slice view: resampled intensities windowed into grey RGB on the CPU.
// VTK's image mapper would window a float texture on the CPU anyway, single-threaded and with a
// conversion copy; an RGB byte image at window 255 / level 127.5 is uploaded as it is.
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
  void applyWindow();

  SliceImageActor image_;
  std::vector<float> values_;  // the slice's intensities, kept so window/level drags reuse them
  WindowLevel wl_;
  bool inside_ = false;
};

}  // namespace seglens
