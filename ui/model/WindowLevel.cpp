#include "model/WindowLevel.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <utility>

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

WindowLevel percentileWindow(const std::shared_ptr<const ScalarImage>& scan) {
  if (!scan) return {};
  // Keyed by the owning control block, not the address: a live weak_ptr cannot alias another
  // image, while a freed image's address can be reused by the next one.
  static std::mutex mutex;
  static std::vector<std::pair<std::weak_ptr<const ScalarImage>, WindowLevel>> cache;
  const std::owner_less<std::weak_ptr<const ScalarImage>> less;
  {
    std::lock_guard<std::mutex> lock(mutex);
    cache.erase(std::remove_if(cache.begin(), cache.end(), [](const auto& e) { return e.first.expired(); }),
                cache.end());
    for (const auto& [owner, window] : cache)
      if (!less(owner, scan) && !less(scan, owner)) return window;
  }
  const WindowLevel window = percentileWindow(*scan);
  std::lock_guard<std::mutex> lock(mutex);
  cache.emplace_back(scan, window);
  return window;
}

}  // namespace seglens
