#pragma once
// Helpers that build small label images for tests.
#include <cstdint>
#include <random>
#include <vector>

#include "LabelImage.h"

namespace seglens::test {

inline Geometry grid(std::size_t nx, std::size_t ny, std::size_t nz,
                     std::array<double, 3> spacing = {1, 1, 1}) {
  Geometry g;
  g.size = {nx, ny, nz};
  g.spacing = spacing;
  return g;
}

inline LabelImage labels(const Geometry& g, const std::vector<std::uint32_t>& values) {
  return LabelImage::fromLabels(g, values.data());
}

// Random blobs of labels 1..labelCount: union of random balls, fixed seed.
inline std::vector<std::uint32_t> randomBlobs(const Geometry& g, int labelCount, int balls,
                                              std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::uint32_t> v(g.voxelCount(), 0);
  for (int b = 0; b < balls; ++b) {
    const std::uint32_t label = 1 + rng() % labelCount;
    const double cx = rng() % g.size[0], cy = rng() % g.size[1], cz = rng() % g.size[2];
    const double r = 1.5 + (rng() % 100) / 100.0 * (std::min({g.size[0], g.size[1], g.size[2]}) / 3.0);
    for (std::size_t z = 0; z < g.size[2]; ++z)
      for (std::size_t y = 0; y < g.size[1]; ++y)
        for (std::size_t x = 0; x < g.size[0]; ++x) {
          const double dx = x - cx, dy = y - cy, dz = z - cz;
          if (dx * dx + dy * dy + dz * dz <= r * r) v[g.linearIndex(x, y, z)] = label;
        }
  }
  return v;
}

}  // namespace seglens::test
