#include "render/ScanSlicePipeline.h"

#include <tbb/blocked_range.h>

#include <algorithm>
#include <cmath>

#include "render/UiParallelFor.h"

namespace seglens {

namespace {
// Marks pixels outside the volume: drawn black whatever the window.
constexpr float kOutside = -3.0e38f;
}  // namespace

void ScanSlicePipeline::update(const ScalarImage& scan, const std::vector<std::int32_t>& map) {
  values_.resize(map.size());
  const float* in = scan.voxels.data();
  for (std::size_t i = 0, n = map.size(); i < n; ++i) values_[i] = map[i] >= 0 ? in[map[i]] : kOutside;
  applyWindow();
}

void ScanSlicePipeline::setWindowLevel(const WindowLevel& wl) {
  wl_ = wl;
  applyWindow();
}

void ScanSlicePipeline::applyWindow() {
  const std::size_t n = values_.size();
  gray_.resize(n);
  const double window = std::max(wl_.window, 1e-12);
  const float lower = float(wl_.level - window / 2);
  const float scale = float(255.0 / window);
  const float* v = values_.data();
  std::uint8_t* out = gray_.data();
  uiParallelFor(tbb::blocked_range<std::size_t>(0, n, 16384),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i < r.end(); ++i) {
                        const float x = v[i] <= kOutside ? 0.f : (v[i] - lower) * scale + 0.5f;
                        out[i] = std::uint8_t(std::clamp(x, 0.f, 255.f));
                      }
                    });
}

}  // namespace seglens
