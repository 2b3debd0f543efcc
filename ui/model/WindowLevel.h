#pragma once
// Window/level state and presets. CT presets are in Hounsfield units; MR has no absolute scale,
// so its "preset" is computed from the scan's intensity distribution.
#include <string>
#include <vector>

#include "ScalarImage.h"

namespace seglens {

struct WindowLevel {
  double window = 1.0;
  double level = 0.5;
  bool operator==(const WindowLevel& o) const { return window == o.window && level == o.level; }
};

struct WindowPreset {
  std::string name;
  WindowLevel value;
  bool automatic = false;  // computed from the scan (percentiles), value unused
};

const std::vector<WindowPreset>& windowPresets();

// Window spanning the [lowPercentile, highPercentile] intensity range of the scan. Sampled
// (at most ~2M voxels) so it stays fast on large volumes.
WindowLevel percentileWindow(const ScalarImage& scan, double lowPercentile = 1.0,
                             double highPercentile = 99.0);

}  // namespace seglens
