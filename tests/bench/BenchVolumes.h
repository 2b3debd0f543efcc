#pragma once
// Synthetic volumes shared by the benchmark tasks.
#include <cstdint>
#include <vector>

#include "Geometry.h"

namespace seglens::bench {

// Six ellipsoid "organs"; the prediction's are slightly moved and resized, like a decent model.
inline std::vector<std::uint8_t> organs(const Geometry& g, double jitter) {
  std::vector<std::uint8_t> v(g.voxelCount(), 0);
  const double c[6][6] = {{180, 250, 150, 90, 70, 60},  {340, 250, 150, 60, 50, 45},
                          {256, 180, 120, 50, 40, 40},  {256, 330, 170, 70, 35, 50},
                          {150, 330, 200, 30, 30, 30},  {360, 340, 90, 35, 30, 40}};
  for (int l = 0; l < 6; ++l) {
    const double cx = c[l][0] + jitter * 3, cy = c[l][1] - jitter * 2, cz = c[l][2] + jitter;
    const double rx = c[l][3] * (1 + 0.04 * jitter), ry = c[l][4], rz = c[l][5] * (1 - 0.03 * jitter);
    for (std::size_t z = 0; z < g.size[2]; ++z)
      for (std::size_t y = 0; y < g.size[1]; ++y)
        for (std::size_t x = 0; x < g.size[0]; ++x) {
          const double dx = (x - cx) / rx, dy = (y - cy) / ry, dz = (z - cz) / rz;
          if (dx * dx + dy * dy + dz * dz <= 1) v[g.linearIndex(x, y, z)] = std::uint8_t(l + 1);
        }
  }
  return v;
}

}  // namespace seglens::bench
