#include "OverlapEngine.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "TestVolumes.h"

namespace seglens {
namespace {

using test::grid;
using test::labels;

// 4x1x1 hand case: ref 1 1 0 0, pred 1 0 1 0 -> TP 1, FP 1, FN 1, TN 1.
TEST(OverlapEngine, HandCountsTinyCase) {
  const Geometry g = grid(4, 1, 1);
  const auto c = computeOverlap(labels(g, {1, 1, 0, 0}), labels(g, {1, 0, 1, 0}));
  const auto b = c.binary(1);
  EXPECT_EQ(b.tp, 1u);
  EXPECT_EQ(b.fp, 1u);
  EXPECT_EQ(b.fn, 1u);
  EXPECT_EQ(b.tn, 1u);
}

}  // namespace
}  // namespace seglens

namespace seglens {
namespace {

// Brute-force joint histogram for comparison.
std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> bruteJoint(
    const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> m;
  for (std::size_t i = 0; i < a.size(); ++i) ++m[{a[i], b[i]}];
  return m;
}

class OverlapRandom : public ::testing::TestWithParam<std::tuple<int, int, int, int>> {};

TEST_P(OverlapRandom, JointHistogramAndSlicesMatchBruteForce) {
  const auto [nx, ny, nz, labelCount] = GetParam();
  const Geometry g = grid(nx, ny, nz);
  std::mt19937 rng(nx * 131 + labelCount);
  auto a = test::randomBlobs(g, labelCount, 12, rng());
  auto b = test::randomBlobs(g, labelCount, 12, rng());
  // Sprinkle random voxels so the non-uniform path is exercised too.
  for (int i = 0; i < nx * ny; ++i) b[rng() % b.size()] = rng() % (labelCount + 1);
  // Large label values force the remapped (non-identity) code path.
  if (labelCount > 5)
    for (auto& v : a) v = v ? v * 1000 + 7 : 0;
  if (labelCount > 5)
    for (auto& v : b) v = v ? v * 1000 + 7 : 0;
  const auto counts = computeOverlap(labels(g, a), labels(g, b));
  const auto expected = bruteJoint(a, b);
  std::uint64_t total = 0;
  for (const auto& [key, n] : expected) {
    EXPECT_EQ(counts.count(key.first, key.second), n);
    total += n;
  }
  EXPECT_EQ(counts.totalVoxels, total);
  // Per-slice counts sum to the global counts and match a per-slice brute force.
  for (std::uint32_t l : counts.sliceLabels) {
    std::uint64_t tp = 0, ref = 0, pred = 0;
    for (std::size_t z = 0; z < counts.sliceCount; ++z) {
      const auto* s = counts.sliceCounts(z, l);
      ASSERT_NE(s, nullptr);
      tp += s->tp;
      ref += s->ref;
      pred += s->pred;
      std::uint32_t bt = 0, br = 0, bp = 0;
      for (std::size_t i = z * g.sliceSize(); i < (z + 1) * g.sliceSize(); ++i) {
        br += a[i] == l;
        bp += b[i] == l;
        bt += a[i] == l && b[i] == l;
      }
      EXPECT_EQ(s->tp, bt);
      EXPECT_EQ(s->ref, br);
      EXPECT_EQ(s->pred, bp);
    }
    const auto bin = counts.binary(l);
    EXPECT_EQ(tp, bin.tp);
    EXPECT_EQ(ref, bin.tp + bin.fn);
    EXPECT_EQ(pred, bin.tp + bin.fp);
  }
  // Profiles along every axis agree with the brute force and with the global counts.
  for (std::uint32_t l : counts.sliceLabels) {
    for (int axis = 0; axis < 3; ++axis) {
      const auto profile = sliceProfile(labels(g, a), labels(g, b), l, axis);
      ASSERT_EQ(profile.size(), g.size[axis]);
      std::uint64_t tp = 0;
      for (const auto& s : profile) tp += s.tp;
      EXPECT_EQ(tp, counts.binary(l).tp);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, OverlapRandom,
                         ::testing::Values(std::make_tuple(33, 17, 9, 3),
                                           std::make_tuple(64, 64, 5, 6),
                                           std::make_tuple(7, 5, 40, 2),
                                           std::make_tuple(1, 1, 1, 1),
                                           std::make_tuple(40, 30, 20, 300)));

TEST(OverlapEngine, ManyLabelsUseSixteenBitCodes) {
  const Geometry g = grid(40, 40, 2);
  std::vector<std::uint32_t> v(g.voxelCount());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::uint32_t>(i % 600);
  const LabelImage img = labels(g, v);
  EXPECT_TRUE(std::holds_alternative<LabelImage::Codes16>(img.codes));
  const auto counts = computeOverlap(img, img);
  EXPECT_EQ(counts.binary(599).tp, img.voxelsOf(599));
  EXPECT_EQ(counts.binary(599).fp, 0u);
}

TEST(OverlapEngine, RejectsDifferentSizes) {
  EXPECT_THROW(computeOverlap(labels(grid(2, 1, 1), {0, 1}), labels(grid(1, 2, 1), {0, 1})),
               std::invalid_argument);
}

TEST(OverlapEngine, CancelStopsTheRun) {
  const Geometry g = grid(16, 16, 64);
  const auto v = test::randomBlobs(g, 2, 4, 3);
  Progress p;
  p.cancel();
  EXPECT_THROW(computeOverlap(labels(g, v), labels(g, v), &p), Cancelled);
}

}  // namespace
}  // namespace seglens
