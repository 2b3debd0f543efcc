#include "WindowedMap.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "LargeBuffer.h"

namespace seglens {
namespace {

// Sliding-window sums along one axis of a box of dims d, in place, through a line buffer.
void boxSumAxis(std::vector<std::int32_t>& v, const std::array<std::size_t, 3>& d, int axis,
                int half, Progress* progress) {
  const std::size_t stride = axis == 0 ? 1 : (axis == 1 ? d[0] : d[0] * d[1]);
  const std::size_t len = d[axis];
  const std::size_t lines = v.size() / len;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, lines, 256), [&](const auto& r) {
    checkCancelled(progress);
    std::vector<std::int32_t> line(len), prefix(len + 1);
    for (std::size_t l = r.begin(); l != r.end(); ++l) {
      // Line l's first element: enumerate the two other axes.
      std::size_t base;
      if (axis == 0) base = l * d[0];
      else if (axis == 1) base = (l / d[0]) * d[0] * d[1] + (l % d[0]);
      else base = l;
      prefix[0] = 0;
      for (std::size_t i = 0; i < len; ++i) prefix[i + 1] = prefix[i] + v[base + i * stride];
      for (std::size_t i = 0; i < len; ++i) {
        const std::size_t lo = i >= std::size_t(half) ? i - half : 0;
        const std::size_t hi = std::min(len, i + half + 1);
        line[i] = prefix[hi] - prefix[lo];
      }
      for (std::size_t i = 0; i < len; ++i) v[base + i * stride] = line[i];
    }
  });
}

}  // namespace

std::array<int, 3> windowHalfWidth(const Geometry& g, double windowMm) {
  std::array<int, 3> half{};
  for (int a = 0; a < 3; ++a) {
    // Clamped in double first: a huge window (1e300 mm) must not overflow the conversion and
    // wrap to 1 voxel. Any window wider than the image already covers all of it.
    const double wanted = std::min(windowMm / g.spacing[a], double(1 << 30));
    const long voxels = std::max(1L, std::lround(wanted));
    half[a] = int(voxels / 2);  // odd window: 2*half+1 voxels
  }
  return half;
}

WindowedMap windowedMap(const LabelImage& reference, const LabelImage& prediction,
                        std::uint32_t label, LocalMetric metric, double windowMm,
                        Progress* progress) {
  if (reference.geometry.size != prediction.geometry.size)
    throw std::invalid_argument("windowedMap: images have different sizes");
  if (!(windowMm > 0)) throw std::invalid_argument("windowedMap: window must be positive");
  const Geometry& g = reference.geometry;
  WindowedMap out;
  out.geometry = g;
  out.halfWidth = windowHalfWidth(g, windowMm);
  out.values = bigVector<float>(g.voxelCount());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, out.values.size(), 1 << 18),
                    [&](const auto& r) {
                      std::fill(out.values.begin() + r.begin(), out.values.begin() + r.end(),
                                std::numeric_limits<float>::quiet_NaN());
                    });
  const int rc = reference.codeOf(label), pc = prediction.codeOf(label);
  if (rc < 0 && pc < 0) return out;

  // Bounding box of the union, grown by the window: outside it every window is empty.
  struct Box {
    std::array<std::size_t, 3> lo, hi;
  };
  const Box empty{{g.size[0], g.size[1], g.size[2]}, {0, 0, 0}};
  const Box box = std::visit(
      [&](const auto& a, const auto& b) {
        return tbb::parallel_reduce(
            tbb::blocked_range<std::size_t>(0, g.size[2]), empty,
            [&](const auto& r, Box acc) {
              for (std::size_t k = r.begin(); k != r.end(); ++k)
                for (std::size_t j = 0; j < g.size[1]; ++j) {
                  const std::size_t row = g.linearIndex(0, j, k);
                  for (std::size_t x = 0; x < g.size[0]; ++x)
                    if (int(a[row + x]) == rc || int(b[row + x]) == pc) {
                      const std::size_t p[3] = {x, j, k};
                      for (int ax = 0; ax < 3; ++ax) {
                        acc.lo[ax] = std::min(acc.lo[ax], p[ax]);
                        acc.hi[ax] = std::max(acc.hi[ax], p[ax] + 1);
                      }
                    }
                }
              return acc;
            },
            [](Box x, const Box& y) {
              for (int ax = 0; ax < 3; ++ax) {
                x.lo[ax] = std::min(x.lo[ax], y.lo[ax]);
                x.hi[ax] = std::max(x.hi[ax], y.hi[ax]);
              }
              return x;
            });
      },
      reference.codes, prediction.codes);
  std::array<std::size_t, 3> lo = box.lo, hi = box.hi;
  std::array<std::size_t, 3> d{};
  for (int ax = 0; ax < 3; ++ax) {
    lo[ax] = lo[ax] > std::size_t(out.halfWidth[ax]) ? lo[ax] - out.halfWidth[ax] : 0;
    hi[ax] = std::min(g.size[ax], hi[ax] + out.halfWidth[ax]);
    d[ax] = hi[ax] - lo[ax];
  }
  const std::size_t n = d[0] * d[1] * d[2];
  std::vector<std::int32_t> tp(n), ref(n), pred(n);
  std::visit(
      [&](const auto& a, const auto& b) {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, d[2]), [&](const auto& r) {
          for (std::size_t k = r.begin(); k != r.end(); ++k)
            for (std::size_t j = 0; j < d[1]; ++j) {
              const std::size_t src = g.linearIndex(lo[0], lo[1] + j, lo[2] + k);
              const std::size_t dst = (k * d[1] + j) * d[0];
              for (std::size_t x = 0; x < d[0]; ++x) {
                const bool inR = int(a[src + x]) == rc, inP = int(b[src + x]) == pc;
                ref[dst + x] = inR;
                pred[dst + x] = inP;
                tp[dst + x] = inR & inP;
              }
            }
        });
      },
      reference.codes, prediction.codes);
  reportProgress(progress, 0.2);
  for (int ax = 0; ax < 3; ++ax) {
    for (auto* v : {&tp, &ref, &pred}) boxSumAxis(*v, d, ax, out.halfWidth[ax], progress);
    reportProgress(progress, 0.2 + 0.25 * (ax + 1));
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, d[2]), [&](const auto& r) {
    for (std::size_t k = r.begin(); k != r.end(); ++k)
      for (std::size_t j = 0; j < d[1]; ++j) {
        const std::size_t src = (k * d[1] + j) * d[0];
        const std::size_t dst = g.linearIndex(lo[0], lo[1] + j, lo[2] + k);
        for (std::size_t x = 0; x < d[0]; ++x) {
          const double t = tp[src + x], s = double(ref[src + x]) + pred[src + x];
          if (s == 0) continue;  // nothing of the label in this window: stays NaN
          out.values[dst + x] = float(metric == LocalMetric::Jaccard ? t / (s - t) : 2 * t / s);
        }
      }
  });
  reportProgress(progress, 1.0);
  return out;
}

}  // namespace seglens
