#pragma once
// Window/level state and presets. CT presets are in Hounsfield units; MR has no absolute scale,
// so its "preset" is computed from the scan's intensity distribution.
#include <memory>
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

// The default 1-99 % window, remembered per image for as long as it lives. Even sampled it takes
// tens of milliseconds on a 512x512x300 scan, so the loader computes it on its worker and the UI
// thread's call when the scan opens is a lookup. Thread-safe.
WindowLevel percentileWindow(const std::shared_ptr<const ScalarImage>& scan);

}  // namespace seglens
