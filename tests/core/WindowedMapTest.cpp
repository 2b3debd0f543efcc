// Windowed maps against a brute-force per-voxel window count; the threshold curve against the
// engine run at each threshold.
#include "WindowedMap.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "Metrics.h"
#include "OverlapEngine.h"
#include "TestVolumes.h"
#include "ThresholdCurve.h"

namespace seglens {
namespace {

class WindowedMapRandom : public ::testing::TestWithParam<std::tuple<int, double>> {};

TEST_P(WindowedMapRandom, EqualsBruteForceWindowCounts) {
  const auto [seed, windowMm] = GetParam();
  const Geometry g = test::grid(23, 17, 11, {0.7, 1.0, 2.2});
  std::mt19937 rng(seed);
  const auto a = test::randomBlobs(g, 2, 5, rng());
  auto b = test::randomBlobs(g, 2, 5, rng());
  for (int i = 0; i < 100; ++i) b[rng() % b.size()] = rng() % 3;
  const LabelImage ref = LabelImage::fromLabels(g, a.data());
  const LabelImage pred = LabelImage::fromLabels(g, b.data());
  for (LocalMetric metric : {LocalMetric::Dice, LocalMetric::Jaccard, LocalMetric::F1}) {
    const auto map = windowedMap(ref, pred, 1, metric, windowMm);
    const auto h = map.halfWidth;
    for (int k = 0; k < int(g.size[2]); ++k)
      for (int j = 0; j < int(g.size[1]); ++j)
        for (int i = 0; i < int(g.size[0]); ++i) {
          int tp = 0, r = 0, p = 0;
          for (int z = std::max(0, k - h[2]); z <= std::min(int(g.size[2]) - 1, k + h[2]); ++z)
            for (int y = std::max(0, j - h[1]); y <= std::min(int(g.size[1]) - 1, j + h[1]); ++y)
              for (int x = std::max(0, i - h[0]); x <= std::min(int(g.size[0]) - 1, i + h[0]);
                   ++x) {
                const std::size_t v = g.linearIndex(x, y, z);
                r += a[v] == 1;
                p += b[v] == 1;
                tp += a[v] == 1 && b[v] == 1;
              }
          const float got = map.values[g.linearIndex(i, j, k)];
          if (r + p == 0) {
            ASSERT_TRUE(std::isnan(got)) << i << "," << j << "," << k;
          } else {
            const double expected =
                metric == LocalMetric::Jaccard ? double(tp) / (r + p - tp) : 2.0 * tp / (r + p);
            ASSERT_FLOAT_EQ(got, float(expected)) << i << "," << j << "," << k;
          }
        }
  }
}

INSTANTIATE_TEST_SUITE_P(Windows, WindowedMapRandom,
                         ::testing::Values(std::make_tuple(1, 3.0), std::make_tuple(2, 5.0),
                                           std::make_tuple(3, 10.0), std::make_tuple(4, 0.5)));

TEST(WindowedMap, HalfWidthFollowsSpacing) {
  const Geometry g = test::grid(4, 4, 4, {0.8, 1.0, 2.5});
  EXPECT_EQ(windowHalfWidth(g, 10.0), (std::array<int, 3>{6, 5, 2}));  // 13, 11, 5 voxels
}

TEST(WindowedMap, HugeWindowCoversTheImageInsteadOfWrapping) {
  const Geometry g = test::grid(4, 4, 4, {0.8, 1.0, 2.5});
  for (double w : {3e9, 1e300}) {
    const auto half = windowHalfWidth(g, w);
    for (int a = 0; a < 3; ++a) EXPECT_GE(half[std::size_t(a)], 4) << w;
  }
}

TEST(WindowedMap, AbsentLabelIsAllTransparent) {
  const Geometry g = test::grid(4, 4, 4);
  const auto v = std::vector<std::uint32_t>(64, 1);
  const auto map = windowedMap(test::labels(g, v), test::labels(g, v), 2, LocalMetric::Dice, 3);
  for (float x : map.values) EXPECT_TRUE(std::isnan(x));
}

TEST(ThresholdCurve, EqualsTheEngineAtEveryThreshold) {
  const Geometry g = test::grid(19, 13, 9);
  const auto a = test::randomBlobs(g, 1, 5, 3);
  std::mt19937 rng(8);
  auto probs = std::make_shared<std::vector<float>>(g.voxelCount());
  for (std::size_t i = 0; i < probs->size(); ++i) {
    // Probabilities correlated with the reference, with values landing exactly on edges too.
    const float noise = float(rng() % 1000) / 1000.0f;
    (*probs)[i] = a[i] ? std::min(1.0f, 0.3f + noise) : noise * 0.7f;
    if (i % 17 == 0) (*probs)[i] = float(double(rng() % 21) / 20);
  }
  const LabelImage ref = test::labels(g, a);
  const auto curve = diceThresholdCurve(ref, 1, *probs, 20);
  ASSERT_EQ(curve.points.size(), 21u);
  LabelImage pred = LabelImage::fromProbabilities(g, probs, 0.5);
  for (const auto& pt : curve.points) {
    pred.rethreshold(pt.threshold);
    const auto b = computeOverlap(ref, pred).binary(1);
    EXPECT_EQ(pt.tp, b.tp) << pt.threshold;
    EXPECT_EQ(pt.fp, b.fp) << pt.threshold;
    EXPECT_EQ(pt.fn, b.fn) << pt.threshold;
    const auto m = overlapMetrics(1, b, 1.0, {});
    EXPECT_DOUBLE_EQ(*pt.dice, *m.dice);
  }
  for (const auto& pt : curve.points) EXPECT_LE(*pt.dice, *curve.points[curve.best].dice);
}

}  // namespace
}  // namespace seglens
