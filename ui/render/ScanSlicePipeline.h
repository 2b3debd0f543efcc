#pragma once
// The scan layer of a slice view: resampled intensities windowed into grey bytes on the CPU
// (oneTBB). SliceCompositor blends the overlays over them, so the view uploads and draws one
// texture; the float intensities are kept so window/level drags re-window without resampling.
#include <cstdint>
#include <vector>

#include "ScalarImage.h"
#include "model/WindowLevel.h"

namespace seglens {

class ScanSlicePipeline {
 public:
  void update(const ScalarImage& scan, const std::vector<std::int32_t>& map);
  void setWindowLevel(const WindowLevel& wl);
  // One byte per slice pixel (black outside the volume); empty before the first update.
  const std::vector<std::uint8_t>& gray() const { return gray_; }

 private:
  void applyWindow();

  std::vector<float> values_;
  std::vector<std::uint8_t> gray_;
  WindowLevel wl_;
};

}  // namespace seglens
