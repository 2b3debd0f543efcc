#pragma once
// Inclusive index bounding boxes of groups of voxels (a label, a mask), found in one parallel
// pass: distance computations crop to them, figures frame a label with them.
#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "Geometry.h"

namespace seglens {

class LabelImage;

// Empty while lo > hi.
struct IndexBox {
  std::array<std::size_t, 3> lo{std::numeric_limits<std::size_t>::max(),
                                std::numeric_limits<std::size_t>::max(),
                                std::numeric_limits<std::size_t>::max()};
  std::array<std::size_t, 3> hi{0, 0, 0};
  bool empty() const { return lo[0] > hi[0]; }
  void add(std::size_t x, std::size_t y, std::size_t z) {
    lo = {std::min(lo[0], x), std::min(lo[1], y), std::min(lo[2], z)};
    hi = {std::max(hi[0], x), std::max(hi[1], y), std::max(hi[2], z)};
  }
  void add(const IndexBox& b) {
    if (b.empty()) return;
    add(b.lo[0], b.lo[1], b.lo[2]);
    add(b.hi[0], b.hi[1], b.hi[2]);
  }
};

// Boxes of `slots` groups in one pass over `g`; slotAt(linear index) is a voxel's group or -1.
template <class SlotAt>
std::vector<IndexBox> boundingBoxes(const Geometry& g, std::size_t slots, SlotAt slotAt) {
  const std::size_t nx = g.size[0], ny = g.size[1];
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, g.size[2]), std::vector<IndexBox>(slots),
      [&](const auto& r, std::vector<IndexBox> boxes) {
        for (std::size_t z = r.begin(); z != r.end(); ++z)
          for (std::size_t y = 0; y < ny; ++y) {
            const std::size_t row = nx * (y + ny * z);
            for (std::size_t x = 0; x < nx; ++x) {
              const int s = slotAt(row + x);
              if (s >= 0) boxes[std::size_t(s)].add(x, y, z);
            }
          }
        return boxes;
      },
      [](std::vector<IndexBox> a, const std::vector<IndexBox>& b) {
        for (std::size_t s = 0; s < a.size(); ++s) a[s].add(b[s]);
        return a;
      });
}

// The box of every slot of `image`, where slotOfCode[code] is a code's slot or -1 (codeCount()
// entries). Skips eight bytes of background (code 0) with one compare, so on a CT-sized image
// that is mostly background it costs a fraction of the generic pass above; code 0 must map to -1.
std::vector<IndexBox> slotBoxes(const LabelImage& image, const std::vector<int>& slotOfCode,
                                std::size_t slots);

// The box of every code of `image` (index = code; code 0 is the background).
std::vector<IndexBox> codeBoxes(const LabelImage& image);

// The box of `label` in `image`, or of every non-zero label when `label` is 0.
IndexBox labelBox(const LabelImage& image, std::uint32_t label);

}  // namespace seglens
