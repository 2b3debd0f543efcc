#include "SignedDistanceField.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "DistanceTransform.h"

namespace seglens {

SignedDistanceField SignedDistanceField::compute(const std::vector<std::uint8_t>& inside,
                                                 const Size& size, const Spacing& spacing) {
  SignedDistanceField f;
  f.size_ = size;
  const std::size_t n = size[0] * size[1] * size[2];
  f.values_.assign(n, std::numeric_limits<float>::quiet_NaN());
  if (n == 0 || inside.size() != n) return f;
  // Seeds: bit 1 = region voxel, bit 2 = a voxel outside it (the box border stands for
  // everything beyond, which is outside).
  std::vector<std::uint8_t> seeds(n);
  bool anyIn = false;
  for (std::size_t i = 0; i < n; ++i) {
    seeds[i] = inside[i] ? 1 : 2;
    anyIn |= inside[i] != 0;
  }
  if (!anyIn) return f;
  f.empty_ = false;
  const auto toRegion = DistanceTransform::nearestSeeds(seeds.data(), size, spacing, 1);
  const auto toOutside = DistanceTransform::nearestSeeds(seeds.data(), size, spacing, 2);
  const std::size_t nx = size[0], ny = size[1];
  auto coords = [&](std::size_t i) {
    return std::array<double, 3>{double(i % nx), double(i / nx % ny), double(i / (nx * ny))};
  };
  // Distance from a voxel centre to the region's surface, estimated from the nearest voxel of
  // the other kind: the centre distance minus half a voxel along the line's main axis. Exact for
  // neighbours along an axis; at staircase corners it follows the label surface (which cuts the
  // corners between voxel centres) more closely than the distance to the voxel's box would.
  auto toBoundary = [&](const std::array<double, 3>& from, const std::array<double, 3>& to) {
    double v[3], len2 = 0;
    int major = 0;
    for (int a = 0; a < 3; ++a) {
      v[a] = (to[std::size_t(a)] - from[std::size_t(a)]) * spacing[std::size_t(a)];
      len2 += v[a] * v[a];
      if (std::abs(v[a]) > std::abs(v[major])) major = a;
    }
    return std::sqrt(len2) - spacing[std::size_t(major)] / 2;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = coords(i);
    if (!inside[i]) {
      f.values_[i] = float(toBoundary(c, coords(toRegion[i])));
      continue;
    }
    // Beyond the box is outside too: the nearest such voxel is just past the nearest face.
    const double x = c[0], y = c[1], z = c[2];
    double d = std::min({(x + 0.5) * spacing[0], (double(nx) - x - 0.5) * spacing[0],
                         (y + 0.5) * spacing[1], (double(ny) - y - 0.5) * spacing[1],
                         (z + 0.5) * spacing[2], (double(size[2]) - z - 0.5) * spacing[2]});
    if (toOutside[i] != DistanceTransform::kNone) d = std::min(d, toBoundary(c, coords(toOutside[i])));
    f.values_[i] = -float(d);
  }
  return f;
}

double SignedDistanceField::sample(double x, double y, double z) const {
  if (values_.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double p[3] = {x, y, z};
  std::size_t i0[3], i1[3];
  double w[3];
  for (int a = 0; a < 3; ++a) {
    const double hi = double(size_[std::size_t(a)] - 1);
    const double c = std::clamp(p[a], 0.0, hi);
    i0[a] = std::size_t(std::floor(c));
    i1[a] = std::min(i0[a] + 1, size_[std::size_t(a)] - 1);
    w[a] = c - double(i0[a]);
  }
  double v = 0;
  for (int corner = 0; corner < 8; ++corner) {
    const std::size_t i = corner & 1 ? i1[0] : i0[0], j = corner & 2 ? i1[1] : i0[1],
                      k = corner & 4 ? i1[2] : i0[2];
    const double weight = (corner & 1 ? w[0] : 1 - w[0]) * (corner & 2 ? w[1] : 1 - w[1]) *
                          (corner & 4 ? w[2] : 1 - w[2]);
    if (weight != 0) v += weight * double(at(i, j, k));
  }
  return v;
}

}  // namespace seglens
