// Every overlap metric against hand-computed tiny cases, identities and the empty conventions.
#include "Metrics.h"

#include <gtest/gtest.h>

#include "Evaluation.h"
#include "TestVolumes.h"

namespace seglens {
namespace {

using test::grid;
using test::labels;

// ref: 1 1 1 1 0 0 0 0 0 0 ; pred: 1 1 0 0 1 0 0 0 0 0  -> TP 2, FN 2, FP 1, TN 5
LabelMetrics handCase(const Conventions& c = {}) {
  const Geometry g = grid(10, 1, 1, {2.0, 1.0, 0.5});
  const auto counts = computeOverlap(labels(g, {1, 1, 1, 1, 0, 0, 0, 0, 0, 0}),
                                     labels(g, {1, 1, 0, 0, 1, 0, 0, 0, 0, 0}));
  return overlapMetrics(1, counts.binary(1), g.voxelVolume(), c);
}

TEST(Metrics, HandComputedCounts) {
  const auto m = handCase();
  EXPECT_EQ(m.counts.tp, 2u);
  EXPECT_EQ(m.counts.fn, 2u);
  EXPECT_EQ(m.counts.fp, 1u);
  EXPECT_EQ(m.counts.tn, 5u);
}

TEST(Metrics, HandComputedScores) {
  const auto m = handCase();
  EXPECT_DOUBLE_EQ(*m.dice, 4.0 / 7.0);           // 2*2 / (2*2 + 1 + 2)
  EXPECT_DOUBLE_EQ(*m.jaccard, 2.0 / 5.0);        // 2 / (2 + 1 + 2)
  EXPECT_DOUBLE_EQ(*m.f1, *m.dice);               // F1 == Dice on voxels
  EXPECT_DOUBLE_EQ(*m.precision, 2.0 / 3.0);      // 2 / (2 + 1)
  EXPECT_DOUBLE_EQ(*m.recall, 2.0 / 4.0);         // 2 / (2 + 2)
  EXPECT_DOUBLE_EQ(*m.specificity, 5.0 / 6.0);    // 5 / (5 + 1)
  EXPECT_DOUBLE_EQ(*m.fpr, 1.0 / 6.0);            // 1 / (1 + 5)
  EXPECT_DOUBLE_EQ(*m.fnr, 2.0 / 4.0);            // 2 / (2 + 2)
  EXPECT_DOUBLE_EQ(*m.volumeSimilarity, 1.0 - 1.0 / 7.0);  // 1 - |2-1| / 7
  EXPECT_DOUBLE_EQ(*m.relativeVolumeDifference, (3.0 - 4.0) / 4.0);
  EXPECT_DOUBLE_EQ(m.refVolumeMm3, 4 * 1.0);      // voxel volume 2*1*0.5 = 1 mm^3
  EXPECT_DOUBLE_EQ(m.predVolumeMm3, 3 * 1.0);
  EXPECT_DOUBLE_EQ(*m.tversky, *m.dice);          // alpha = beta = 0.5 is Dice
  EXPECT_DOUBLE_EQ(*m.softDice, *m.dice);         // a hard mask is its own probability map
  EXPECT_DOUBLE_EQ(*m.softDiceLoss, 1.0 - (4.0 + 1.0) / (3.0 + 4.0 + 1.0));
  EXPECT_FALSE(m.emptyBoth);
}

TEST(Metrics, TverskyWeightsFalsePositivesAndNegatives) {
  Conventions c;
  c.tverskyAlpha = 0.3;
  c.tverskyBeta = 0.7;
  const auto m = handCase(c);
  EXPECT_DOUBLE_EQ(*m.tversky, 2.0 / (2.0 + 0.3 * 1 + 0.7 * 2));
  c.tverskyAlpha = c.tverskyBeta = 1.0;  // alpha = beta = 1 is Jaccard
  EXPECT_DOUBLE_EQ(*handCase(c).tversky, *handCase(c).jaccard);
}

TEST(Metrics, SmoothingChangesOnlyTheLoss) {
  Conventions c;
  c.smooth = 0.0;
  const auto m = handCase(c);
  EXPECT_DOUBLE_EQ(*m.softDiceLoss, 1.0 - *m.dice);
}

TEST(Metrics, IdenticalMasksScoreExactlyOne) {
  const Geometry g = grid(5, 4, 3);
  const auto v = test::randomBlobs(g, 3, 6, 7);
  const auto counts = computeOverlap(labels(g, v), labels(g, v));
  for (std::uint32_t l : counts.presentLabels()) {
    const auto m = overlapMetrics(l, counts.binary(l), 1.0, {});
    EXPECT_EQ(*m.dice, 1.0);
    EXPECT_EQ(*m.jaccard, 1.0);
    EXPECT_EQ(*m.precision, 1.0);
    EXPECT_EQ(*m.recall, 1.0);
    EXPECT_EQ(*m.volumeSimilarity, 1.0);
    EXPECT_EQ(*m.fpr, 0.0);
  }
}

TEST(Metrics, DisjointMasksScoreZero) {
  const Geometry g = grid(4, 1, 1);
  const auto counts = computeOverlap(labels(g, {1, 1, 0, 0}), labels(g, {0, 0, 1, 1}));
  const auto m = overlapMetrics(1, counts.binary(1), 1.0, {});
  EXPECT_EQ(*m.dice, 0.0);
  EXPECT_EQ(*m.jaccard, 0.0);
  EXPECT_EQ(*m.precision, 0.0);
  EXPECT_EQ(*m.recall, 0.0);
}

TEST(Metrics, BothEmptyFollowsPolicy) {
  const Geometry g = grid(4, 1, 1);
  const auto counts = computeOverlap(labels(g, {0, 0, 0, 0}), labels(g, {0, 0, 0, 0}));
  const auto one = overlapMetrics(3, counts.binary(3), 1.0, {});
  EXPECT_TRUE(one.emptyBoth);
  EXPECT_EQ(*one.dice, 1.0);
  EXPECT_EQ(*one.jaccard, 1.0);
  EXPECT_EQ(*one.f1, 1.0);
  EXPECT_FALSE(one.precision.has_value());  // 0/0 stays undefined
  EXPECT_FALSE(one.recall.has_value());
  EXPECT_EQ(*one.specificity, 1.0);
  Conventions nan;
  nan.empty = EmptyPolicy::NaN;
  const auto n = overlapMetrics(3, counts.binary(3), 1.0, nan);
  EXPECT_FALSE(n.dice.has_value());
  EXPECT_FALSE(n.jaccard.has_value());
  EXPECT_FALSE(n.tversky.has_value());
}

TEST(Metrics, OneEmptyScoresZeroWithUndefinedRatiosNull) {
  const Geometry g = grid(4, 1, 1);
  const auto counts = computeOverlap(labels(g, {1, 1, 0, 0}), labels(g, {0, 0, 0, 0}));
  const auto m = overlapMetrics(1, counts.binary(1), 1.0, {});
  EXPECT_FALSE(m.emptyBoth);
  EXPECT_EQ(*m.dice, 0.0);
  EXPECT_EQ(*m.recall, 0.0);
  EXPECT_FALSE(m.precision.has_value());  // nothing predicted: TP/(TP+FP) = 0/0
  EXPECT_EQ(*m.relativeVolumeDifference, -1.0);
  const auto reversed = computeOverlap(labels(g, {0, 0, 0, 0}), labels(g, {1, 1, 0, 0}));
  const auto r = overlapMetrics(1, reversed.binary(1), 1.0, {});
  EXPECT_EQ(*r.dice, 0.0);
  EXPECT_FALSE(r.recall.has_value());
  EXPECT_FALSE(r.relativeVolumeDifference.has_value());
}

TEST(Metrics, MeanExcludesNullsUnderNanPolicy) {
  LabelMetrics a, b, c;
  a.dice = 1.0;
  b.dice = 0.5;
  c.dice = std::nullopt;
  std::size_t n = 0;
  const auto mean = meanMetrics({a, b, c}, &n);
  EXPECT_DOUBLE_EQ(*mean.dice, 0.75);
  EXPECT_EQ(n, 2u);
}

TEST(Metrics, SoftDiceOnProbabilities) {
  const Geometry g = grid(4, 1, 1);
  auto probs = std::make_shared<std::vector<float>>(std::vector<float>{0.9f, 0.4f, 0.6f, 0.0f});
  const LabelImage ref = labels(g, {1, 1, 0, 0});
  const LabelImage pred = LabelImage::fromProbabilities(g, probs, 0.5);
  // thresholded: 1 0 1 0 -> TP 1, FP 1, FN 1
  EvalOptions opt;
  opt.conventions.distances = false;
  const auto ev = evaluatePrediction(ref, pred, "p", LabelTable{}, opt);
  ASSERT_EQ(ev.labels.size(), 1u);
  const auto& m = ev.labels[0];
  EXPECT_DOUBLE_EQ(*m.dice, 0.5);
  const double pt = double(0.9f) + double(0.4f), p = double(0.9f) + 0.4f + 0.6f, t = 2;
  EXPECT_NEAR(*m.softDice, 2 * pt / (p + t), 1e-12);
  EXPECT_NEAR(*m.softDiceLoss, 1 - (2 * pt + 1) / (p + t + 1), 1e-12);
}

TEST(Metrics, ProbabilityThresholdIsInclusive) {
  const Geometry g = grid(3, 1, 1);
  auto probs = std::make_shared<std::vector<float>>(std::vector<float>{0.5f, 0.49f, 1.0f});
  LabelImage pred = LabelImage::fromProbabilities(g, probs, 0.5);
  EXPECT_EQ(pred.labelAt(0), 1u);
  EXPECT_EQ(pred.labelAt(1), 0u);
  pred.rethreshold(0.4);
  EXPECT_EQ(pred.labelAt(1), 1u);
  EXPECT_EQ(pred.voxelsOf(1), 3u);
}

TEST(Metrics, ConfusionMatrixHandCase) {
  // ref 0 1 1 2 2 2 ; pred 0 1 2 2 2 0
  const Geometry g = grid(6, 1, 1);
  EvalOptions opt;
  opt.conventions.distances = false;
  const auto ev = evaluatePrediction(labels(g, {0, 1, 1, 2, 2, 2}), labels(g, {0, 1, 2, 2, 2, 0}),
                                     "p", LabelTable{}, opt);
  ASSERT_EQ(ev.confusion.labels, (std::vector<std::uint32_t>{0, 1, 2}));
  const std::vector<std::vector<std::uint64_t>> expected{{1, 0, 0}, {0, 1, 1}, {1, 0, 2}};
  EXPECT_EQ(ev.confusion.counts, expected);
  // foreground: ref fg = 5 voxels, pred fg = 4, both fg = 4
  EXPECT_EQ(ev.foreground.counts.tp, 4u);
  EXPECT_EQ(ev.foreground.counts.fn, 1u);
  EXPECT_EQ(ev.foreground.counts.fp, 0u);
  EXPECT_EQ(ev.foreground.counts.tn, 1u);
}

TEST(Metrics, LabelsPresentInEitherImageAreEvaluated) {
  const Geometry g = grid(4, 1, 1);
  EvalOptions opt;
  opt.conventions.distances = false;
  const auto ev = evaluatePrediction(labels(g, {0, 1, 1, 0}), labels(g, {0, 1, 0, 7}), "p",
                                     LabelTable{}, opt);
  ASSERT_EQ(ev.labels.size(), 2u);
  EXPECT_EQ(ev.labels[0].label, 1u);
  EXPECT_EQ(ev.labels[1].label, 7u);
  EXPECT_EQ(*ev.labels[1].dice, 0.0);
  opt.labels = {1, 9};  // an explicitly requested label absent from both
  const auto explicitLabels = evaluatePrediction(labels(g, {0, 1, 1, 0}), labels(g, {0, 1, 0, 7}),
                                                 "p", LabelTable{}, opt);
  ASSERT_EQ(explicitLabels.labels.size(), 2u);
  EXPECT_TRUE(explicitLabels.labels[1].emptyBoth);
  EXPECT_EQ(*explicitLabels.labels[1].dice, 1.0);
}

}  // namespace
}  // namespace seglens
