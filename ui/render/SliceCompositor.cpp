#include "SliceCompositor.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstring>

namespace seglens {

void blendOverlays(const std::vector<const std::uint32_t*>& layers, std::size_t count,
                   std::uint32_t* out) {
  if (layers.empty()) {
    std::memset(out, 0, count * sizeof(std::uint32_t));
    return;
  }
  if (layers.size() == 1) {
    std::memcpy(out, layers[0], count * sizeof(std::uint32_t));
    return;
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 16384),
                    [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i < r.end(); ++i) {
      // Most pixels carry no overlay at all, or exactly one (the common case is copied as is
      // so a single layer keeps its exact colour).
      std::uint32_t single = 0;
      int shown = 0;
      for (const std::uint32_t* l : layers)
        if (l[i] >> 24) {
          single = l[i];
          ++shown;
        }
      if (shown <= 1) {
        out[i] = single;
        continue;
      }
      // Premultiplied "over", bottom to top; un-premultiplied at the end because the GPU
      // multiplies by alpha again when it blends the quad.
      float rgb[3] = {0, 0, 0}, a = 0;
      for (const std::uint32_t* l : layers) {
        const std::uint32_t p = l[i];
        const float sa = float(p >> 24) / 255.f;
        if (sa == 0) continue;
        for (int c = 0; c < 3; ++c) rgb[c] = rgb[c] * (1 - sa) + float((p >> (8 * c)) & 0xffu) * sa;
        a = a * (1 - sa) + sa;
      }
      std::uint32_t px = std::uint32_t(std::clamp(a * 255.f + 0.5f, 0.f, 255.f)) << 24;
      for (int c = 0; c < 3; ++c)
        px |= std::uint32_t(std::clamp(rgb[c] / a + 0.5f, 0.f, 255.f)) << (8 * c);
      out[i] = px;
    }
  });
}

}  // namespace seglens
