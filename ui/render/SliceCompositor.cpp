#include "render/SliceCompositor.h"

#include <tbb/blocked_range.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "render/UiParallelFor.h"

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
  uiParallelFor(tbb::blocked_range<std::size_t>(0, count, 16384),
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

namespace {

// Straight-alpha "over" of one RGBA pixel on a grey value.
inline void over(std::uint8_t g, std::uint32_t px, std::uint8_t* out) {
  const std::uint32_t a = px >> 24;
  if (a == 0) {
    out[0] = out[1] = out[2] = g;
    return;
  }
  for (int c = 0; c < 3; ++c) {
    const std::uint32_t v = (px >> (8 * c)) & 0xffu;
    // Rounded (v * a + g * (255 - a)) / 255 in integers.
    const std::uint32_t t = v * a + std::uint32_t(g) * (255 - a) + 128;
    out[c] = std::uint8_t((t + (t >> 8)) >> 8);
  }
}

// Source voxel and weight of the next voxel for each texel along one axis.
struct Tap {
  int i0, i1, nearest;
  float w;
};

std::vector<Tap> taps(int start, int count, int factor, int size) {
  std::vector<Tap> t(std::size_t(count) * std::size_t(factor));
  for (std::size_t u = 0; u < t.size(); ++u) {
    const double x = start + (double(u) + 0.5) / factor - 0.5;
    const double xc = std::clamp(x, 0.0, double(size - 1));
    const int i0 = std::min(int(std::floor(xc)), size - 1);
    t[u] = {i0, std::min(i0 + 1, size - 1),
            std::clamp(int(std::floor(x + 0.5)), 0, size - 1), float(xc - i0)};
  }
  return t;
}

}  // namespace

void composeSlice(const std::uint8_t* gray, const std::uint32_t* overlay, int W, int H,
                  const CompositeRegion& r, std::uint8_t* out) {
  const int tw = r.texelsX(), th = r.texelsY();
  if (tw <= 0 || th <= 0) return;
  if (r.fx == 1 && r.fy == 1) {
    // One texel per voxel: no interpolation at all.
    uiParallelFor(tbb::blocked_range<int>(0, th, 16), [&](const tbb::blocked_range<int>& rows) {
      for (int v = rows.begin(); v < rows.end(); ++v) {
        const std::size_t src = std::size_t(r.y0 + v) * std::size_t(W) + std::size_t(r.x0);
        std::uint8_t* o = out + std::size_t(v) * std::size_t(tw) * 3;
        for (int u = 0; u < tw; ++u, o += 3)
          over(gray ? gray[src + u] : 0, overlay ? overlay[src + u] : 0u, o);
      }
    });
    return;
  }
  const std::vector<Tap> tx = taps(r.x0, r.width, r.fx, W), ty = taps(r.y0, r.height, r.fy, H);
  uiParallelFor(tbb::blocked_range<int>(0, th, 8), [&](const tbb::blocked_range<int>& rows) {
    for (int v = rows.begin(); v < rows.end(); ++v) {
      const Tap& y = ty[std::size_t(v)];
      const std::uint8_t* g0 = gray ? gray + std::size_t(y.i0) * std::size_t(W) : nullptr;
      const std::uint8_t* g1 = gray ? gray + std::size_t(y.i1) * std::size_t(W) : nullptr;
      const std::uint32_t* ov = overlay ? overlay + std::size_t(y.nearest) * std::size_t(W) : nullptr;
      std::uint8_t* o = out + std::size_t(v) * std::size_t(tw) * 3;
      for (int u = 0; u < tw; ++u, o += 3) {
        const Tap& x = tx[std::size_t(u)];
        std::uint8_t g = 0;
        if (gray) {
          const float top = g0[x.i0] + (float(g0[x.i1]) - float(g0[x.i0])) * x.w;
          const float bottom = g1[x.i0] + (float(g1[x.i1]) - float(g1[x.i0])) * x.w;
          g = std::uint8_t(top + (bottom - top) * y.w + 0.5f);
        }
        over(g, ov ? ov[x.nearest] : 0u, o);
      }
    }
  });
}

}  // namespace seglens
