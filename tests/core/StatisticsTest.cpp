// The dataset summary's statistics against values worked out by hand (numpy's linear
// quantiles, scipy's Wilcoxon definitions; the arithmetic is in each comment).
#include <gtest/gtest.h>

#include <cmath>

#include "Statistics.h"

namespace seglens {
namespace {

TEST(Statistics, DescribeUsesNumpyLinearQuantilesAndSampleStd) {
  const auto d = Statistics::describe({4, 1, 3, 2});
  EXPECT_EQ(d.n, 4u);
  EXPECT_DOUBLE_EQ(*d.mean, 2.5);
  EXPECT_DOUBLE_EQ(*d.median, 2.5);
  EXPECT_DOUBLE_EQ(*d.q1, 1.75);  // position 0.25*3 = 0.75 between 1 and 2
  EXPECT_DOUBLE_EQ(*d.q3, 3.25);  // position 2.25 between 3 and 4
  EXPECT_DOUBLE_EQ(*d.std, std::sqrt(5.0 / 3.0));  // (2.25+0.25+0.25+2.25)/(4-1)
  EXPECT_DOUBLE_EQ(*d.min, 1);
  EXPECT_DOUBLE_EQ(*d.max, 4);
  const auto odd = Statistics::describe({7, 1, 3});
  EXPECT_DOUBLE_EQ(*odd.median, 3);
  EXPECT_DOUBLE_EQ(*odd.q1, 2);  // position 0.5 between 1 and 3
  EXPECT_DOUBLE_EQ(*odd.q3, 5);  // position 1.5 between 3 and 7
  const auto one = Statistics::describe({0.5});
  EXPECT_FALSE(one.std.has_value());  // n - 1 = 0
  EXPECT_DOUBLE_EQ(*one.q1, 0.5);
  EXPECT_FALSE(Statistics::describe({}).mean.has_value());
}

TEST(Statistics, WilcoxonExactWithoutTiesOrZeros) {
  // All positive, n = 5: W+ = 15 is the single largest of 2^5 sign patterns: p = 2/32.
  EXPECT_DOUBLE_EQ(Statistics::wilcoxonSignedRankP({1, 2, 3, 4, 5}), 0.0625);
  // W+ = 13: P(W+ >= 13) = P(W+ <= 2) = #{{}, {1}, {2}}/32, two-sided 6/32.
  EXPECT_DOUBLE_EQ(Statistics::wilcoxonSignedRankP({1, -2, 3, 4, 5}), 0.1875);
  // n = 10, one negative of rank 1: P(W- <= 1) = 2/1024, two-sided 4/1024.
  EXPECT_DOUBLE_EQ(Statistics::wilcoxonSignedRankP({-1, 2, 3, 4, 5, 6, 7, 8, 9, 10}),
                   4.0 / 1024.0);
  // Symmetric: the p-value cannot exceed 1.
  EXPECT_DOUBLE_EQ(Statistics::wilcoxonSignedRankP({1, -2}), 1.0);
}

TEST(Statistics, WilcoxonNormalApproximationWithTiesOrZeros) {
  // |d| = 1,1,2,3 ties: ranks 1.5,1.5,3,4; W+ = 8.5, W- = 1.5, T = 1.5; mean n(n+1)/4 = 5;
  // var = (n(n+1)(2n+1) - 0.5*(2^3-2))/24 = 177/24; p = erfc(|T-5|/sqrt(var)/sqrt(2)).
  EXPECT_NEAR(Statistics::wilcoxonSignedRankP({1, -1, 2, 3}), 0.19746607335801866, 1e-15);
  // A zero is dropped (n = 4), then the normal approximation: T = 4, var = 180/24.
  EXPECT_NEAR(Statistics::wilcoxonSignedRankP({0, 1, 2, 3, -4}), 0.7150006546880892, 1e-15);
  EXPECT_DOUBLE_EQ(Statistics::wilcoxonSignedRankP({0, 0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(Statistics::wilcoxonSignedRankP({}), 1.0);
}

TEST(Statistics, WilcoxonAboveFiftyUsesTheNormalApproximation) {
  // 60 positive untied differences: T = W- = 0, mean n(n+1)/4 = 915, var n(n+1)(2n+1)/24.
  std::vector<double> d;
  for (int i = 1; i <= 60; ++i) d.push_back(i);
  const double z = 915.0 / std::sqrt(60.0 * 61.0 * 121.0 / 24.0);
  EXPECT_NEAR(Statistics::wilcoxonSignedRankP(d), std::erfc(z / std::sqrt(2.0)), 1e-18);
}

TEST(Statistics, BootstrapIsSeededAndContainsTheMean) {
  const std::vector<double> v{0.61, 0.72, 0.80, 0.55, 0.90, 0.77, 0.68, 0.83};
  const auto a = Statistics::bootstrapMeanCi(v, 2000, 0);
  const auto b = Statistics::bootstrapMeanCi(v, 2000, 0);
  const auto c = Statistics::bootstrapMeanCi(v, 2000, 1);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->first, b->first);
  EXPECT_EQ(a->second, b->second);
  EXPECT_NE(a->first, c->first);
  const double mean = *Statistics::describe(v).mean;
  EXPECT_LT(a->first, mean);
  EXPECT_GT(a->second, mean);
  EXPECT_GE(a->first, 0.55);
  EXPECT_LE(a->second, 0.90);
  // Constant data: every resample has the same mean.
  const auto k = Statistics::bootstrapMeanCi({2, 2, 2}, 100, 7);
  EXPECT_DOUBLE_EQ(k->first, 2);
  EXPECT_DOUBLE_EQ(k->second, 2);
  EXPECT_FALSE(Statistics::bootstrapMeanCi({}, 100, 0));
  EXPECT_FALSE(Statistics::bootstrapMeanCi(v, 0, 0));
}

}  // namespace
}  // namespace seglens
