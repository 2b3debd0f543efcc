// Signed distance to a region (the 3D view's "distance to GT" colouring) against brute force.
#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <limits>
#include <random>
#include <vector>

#include "SignedDistanceField.h"

namespace seglens {
namespace {

TEST(SignedDistanceField, MatchesBruteForceOnRandomRegions) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 20; ++trial) {
    const SignedDistanceField::Size size{std::size_t(3 + rng() % 9), std::size_t(3 + rng() % 9),
                                         std::size_t(2 + rng() % 7)};
    const SignedDistanceField::Spacing spacing{0.5 + (rng() % 10) * 0.1, 0.8, 1.5 + (rng() % 3) * 0.5};
    const std::size_t n = size[0] * size[1] * size[2];
    std::vector<std::uint8_t> inside(n, 0);
    for (auto& v : inside) v = rng() % 3 == 0;
    inside[rng() % n] = 1;
    const auto f = SignedDistanceField::compute(inside, size, spacing);
    ASSERT_FALSE(f.empty());
    auto centre = [&](std::size_t i) {
      return std::array<double, 3>{double(i % size[0]) * spacing[0],
                                   double(i / size[0] % size[1]) * spacing[1],
                                   double(i / (size[0] * size[1])) * spacing[2]};
    };
    // Centre distance minus half a voxel along the line's main axis (see header).
    auto boundary = [&](std::size_t i, std::size_t j) {
      const auto a = centre(i), b = centre(j);
      const double v[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
      int major = 0;
      for (int k = 1; k < 3; ++k)
        if (std::abs(v[k]) > std::abs(v[major])) major = k;
      const double len = std::hypot(v[0], v[1], v[2]);
      return std::pair<double, double>{len, len - spacing[std::size_t(major)] / 2};
    };
    for (std::size_t i = 0; i < n; ++i) {
      // Every voxel of the other kind at the nearest centre distance (ties allowed): the value
      // must be one of their boundary distances.
      double nearest = 1e300;
      for (std::size_t j = 0; j < n; ++j)
        if (bool(inside[j]) != bool(inside[i])) nearest = std::min(nearest, boundary(i, j).first);
      double lo = 1e300, hi = -1e300;
      for (std::size_t j = 0; j < n; ++j)
        if (bool(inside[j]) != bool(inside[i]) && boundary(i, j).first <= nearest + 1e-9) {
          lo = std::min(lo, boundary(i, j).second);
          hi = std::max(hi, boundary(i, j).second);
        }
      const std::size_t x = i % size[0], y = i / size[0] % size[1], z = i / (size[0] * size[1]);
      if (inside[i]) {
        // Past the box counts as outside.
        const double face = std::min({(x + 0.5) * spacing[0], (size[0] - x - 0.5) * spacing[0],
                                      (y + 0.5) * spacing[1], (size[1] - y - 0.5) * spacing[1],
                                      (z + 0.5) * spacing[2], (size[2] - z - 0.5) * spacing[2]});
        lo = std::min(lo, face);
        hi = std::min(hi, face);
        EXPECT_GE(-f.at(x, y, z), lo - 1e-5) << "trial " << trial << " voxel " << i;
        EXPECT_LE(-f.at(x, y, z), hi + 1e-5) << "trial " << trial << " voxel " << i;
      } else {
        EXPECT_GE(f.at(x, y, z), lo - 1e-5) << "trial " << trial << " voxel " << i;
        EXPECT_LE(f.at(x, y, z), hi + 1e-5) << "trial " << trial << " voxel " << i;
      }
      EXPECT_NEAR(f.sample(double(x), double(y), double(z)), f.at(x, y, z), 1e-9);
    }
  }
}

TEST(SignedDistanceField, ZeroHalfWayAcrossTheBoundaryAndLinearBetweenCentres) {
  // A slab x < 4 in a 10x3x3 box, spacing 2 mm along x.
  const SignedDistanceField::Size size{10, 3, 3};
  std::vector<std::uint8_t> inside(90, 0);
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t j = 0; j < 3; ++j)
      for (std::size_t i = 0; i < 4; ++i) inside[(k * 3 + j) * 10 + i] = 1;
  const auto f = SignedDistanceField::compute(inside, size, {2.0, 1.0, 1.0});
  EXPECT_NEAR(f.at(3, 1, 1), -1.0, 1e-6);
  EXPECT_NEAR(f.at(4, 1, 1), 1.0, 1e-6);
  EXPECT_NEAR(f.sample(3.5, 1, 1), 0.0, 1e-9);   // the label surface
  EXPECT_NEAR(f.sample(6.0, 1, 1), 5.0, 1e-6);   // 2.5 voxels (5 mm) past the surface
  EXPECT_NEAR(f.sample(5.25, 1, 1), 3.5, 1e-6);  // trilinear between centres
  EXPECT_NEAR(f.sample(-3, 1, 1), f.at(0, 1, 1), 1e-9);  // clamped to the box
}

TEST(SignedDistanceField, EmptyRegionIsNaN) {
  const auto f = SignedDistanceField::compute(std::vector<std::uint8_t>(27, 0), {3, 3, 3}, {1, 1, 1});
  EXPECT_TRUE(f.empty());
  EXPECT_TRUE(std::isnan(f.at(1, 1, 1)));
  EXPECT_TRUE(std::isnan(f.sample(1, 1, 1)));
}

}  // namespace
}  // namespace seglens
