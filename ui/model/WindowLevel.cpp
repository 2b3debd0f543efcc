#include "WindowLevel.h"

#include <algorithm>
#include <cmath>

namespace seglens {

const std::vector<WindowPreset>& windowPresets() {
  static const std::vector<WindowPreset> presets = {
      {"MR auto (1-99 %)", {}, true},
      {"CT soft tissue", {400, 40}, false},
      {"CT bone", {1800, 400}, false},
      {"CT lung", {1500, -600}, false},
      {"CT brain", {80, 40}, false},
  };
  return presets;
}

WindowLevel percentileWindow(const ScalarImage& scan, double lowPercentile, double highPercentile) {
  const auto& v = scan.voxels;
  if (v.empty()) return {};
  const std::size_t stride = std::max<std::size_t>(1, v.size() / 2'000'000);
  std::vector<float> sample;
  sample.reserve(v.size() / stride + 1);
  for (std::size_t i = 0; i < v.size(); i += stride)
    if (std::isfinite(v[i])) sample.push_back(v[i]);
  if (sample.empty()) return {};
  auto at = [&](double pct) {
    const std::size_t k = std::min(sample.size() - 1,
                                   static_cast<std::size_t>(pct / 100.0 * double(sample.size() - 1)));
    std::nth_element(sample.begin(), sample.begin() + long(k), sample.end());
    return double(sample[k]);
  };
  const double lo = at(lowPercentile);
  const double hi = at(highPercentile);
  const double window = std::max(hi - lo, 1e-6);
  return {window, lo + window / 2};
}

}  // namespace seglens
