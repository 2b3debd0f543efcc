#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "DistanceTransform.h"

namespace seglens {
namespace {

using Size = DistanceTransform::Size;
using Spacing = DistanceTransform::Spacing;

// Squared distance from voxel i to the nearest seed by trying every seed, in double.
double bruteSquared(const std::vector<std::uint8_t>& seeds, std::size_t i, const Size& n,
                    const Spacing& s) {
  const long x = long(i % n[0]), y = long(i / n[0] % n[1]), z = long(i / (n[0] * n[1]));
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < seeds.size(); ++j) {
    if (!seeds[j]) continue;
    const double dx = double(long(j % n[0]) - x) * s[0];
    const double dy = double(long(j / n[0] % n[1]) - y) * s[1];
    const double dz = double(long(j / (n[0] * n[1])) - z) * s[2];
    best = std::min(best, dx * dx + dy * dy + dz * dz);
  }
  return best;
}

struct Case {
  Size size;
  Spacing spacing;
  std::vector<std::uint8_t> seeds;
};

Case randomCase(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> dim(1, 17);
  std::uniform_real_distribution<double> sp(0.3, 3.0);
  Case c{{dim(rng), dim(rng), dim(rng)}, {sp(rng), sp(rng), sp(rng)}, {}};
  // Sparse seeds give long envelopes, dense ones many ties: cover both.
  const double density = std::uniform_real_distribution<double>(0.002, 0.4)(rng);
  std::bernoulli_distribution on(density);
  c.seeds.resize(c.size[0] * c.size[1] * c.size[2]);
  for (auto& v : c.seeds) v = on(rng) ? 1 : 0;
  return c;
}

TEST(DistanceTransform, NearestSeedsMatchBruteForceOnRandomAnisotropicGrids) {
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    const Case c = randomCase(seed);
    const auto nearest = DistanceTransform::nearestSeeds(c.seeds.data(), c.size, c.spacing);
    bool any = false;
    for (auto v : c.seeds) any |= v != 0;
    for (std::size_t i = 0; i < c.seeds.size(); ++i) {
      if (!any) {
        EXPECT_EQ(nearest[i], DistanceTransform::kNone);
        continue;
      }
      ASSERT_NE(nearest[i], DistanceTransform::kNone) << "seed " << seed;
      ASSERT_TRUE(c.seeds[nearest[i]]) << "seed " << seed << " voxel " << i;
      const double d = DistanceTransform::distanceMm(i, nearest[i], c.size, c.spacing);
      EXPECT_NEAR(d, std::sqrt(bruteSquared(c.seeds, i, c.size, c.spacing)), 1e-12)
          << "seed " << seed << " voxel " << i;
    }
  }
}

TEST(DistanceTransform, SquaredDistancesEqualBruteForceRoundedToFloat) {
  for (std::uint32_t seed = 100; seed < 140; ++seed) {
    const Case c = randomCase(seed);
    const auto d2 = DistanceTransform::squaredDistances(c.seeds.data(), c.size, c.spacing);
    for (std::size_t i = 0; i < c.seeds.size(); ++i) {
      const double expected = bruteSquared(c.seeds, i, c.size, c.spacing);
      if (std::isinf(expected)) {
        EXPECT_TRUE(std::isinf(d2[i]));
      } else {
        // Computed in double, rounded to float once: within one float rounding.
        EXPECT_NEAR(d2[i], expected, 1e-6 * std::max(1.0, expected)) << "seed " << seed;
      }
    }
  }
}

TEST(DistanceTransform, SeedMaskSelectsBits) {
  const Size n{5, 1, 1};
  const Spacing s{2.0, 1.0, 1.0};
  const std::vector<std::uint8_t> seeds{1, 0, 0, 0, 2};
  const auto near1 = DistanceTransform::nearestSeeds(seeds.data(), n, s, 1);
  const auto near2 = DistanceTransform::nearestSeeds(seeds.data(), n, s, 2);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(near1[i], 0u);
    EXPECT_EQ(near2[i], 4u);
  }
  const auto d2 = DistanceTransform::squaredDistances(seeds.data(), n, s, 2);
  EXPECT_FLOAT_EQ(d2[0], 64.0f);  // 4 voxels of 2 mm
  EXPECT_FLOAT_EQ(d2[4], 0.0f);
}

TEST(DistanceTransform, SingleSeedGivesExactEuclideanDistance) {
  const Size n{9, 7, 5};
  const Spacing s{0.8, 0.8, 2.5};
  std::vector<std::uint8_t> seeds(9 * 7 * 5, 0);
  seeds[4 + 9 * (3 + 7 * 2)] = 1;
  const auto d2 = DistanceTransform::squaredDistances(seeds.data(), n, s);
  // Corner (0,0,0): 4 x 0.8, 3 x 0.8, 2 x 2.5 mm away.
  EXPECT_NEAR(d2[0], 3.2 * 3.2 + 2.4 * 2.4 + 5.0 * 5.0, 1e-5);
}

}  // namespace
}  // namespace seglens
