// Lesion-wise metrics (core/LesionMatching.h) on hand-made cases whose answers are worked out
// in the comments: every matching mode, the empty rules, the IoU threshold's edge, the BraTS
// merge, volume threshold and surfel HD95.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "DemoCase.h"
#include "Evaluation.h"
#include "LesionMatching.h"

namespace seglens {
namespace {

using Voxels = std::vector<std::array<std::size_t, 3>>;

Geometry grid(std::array<std::size_t, 3> size, std::array<double, 3> spacing = {1, 1, 1}) {
  Geometry g;
  g.size = size;
  g.spacing = spacing;
  return g;
}

LabelImage image(const Geometry& g, const Voxels& voxels, std::uint32_t label = 1) {
  std::vector<std::uint32_t> v(g.voxelCount(), 0);
  for (const auto& p : voxels) v[g.linearIndex(p[0], p[1], p[2])] = label;
  return LabelImage::fromLabels(g, v.data());
}

// A bar along i at row (j, k): voxels [i0, i1).
Voxels bar(std::size_t i0, std::size_t i1, std::size_t j = 0, std::size_t k = 0) {
  Voxels v;
  for (std::size_t i = i0; i < i1; ++i) v.push_back({i, j, k});
  return v;
}

Voxels join(Voxels a, const Voxels& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Conventions lesionConventions(LesionMatch match) {
  Conventions c;
  c.lesions = LesionOptions{};
  c.lesions->match = match;
  return c;
}

LesionResult run(const Geometry& g, const Voxels& ref, const Voxels& pred, const Conventions& c) {
  return evaluateLesions(image(g, ref), image(g, pred), {1}, c);
}

const LesionItem& item(const LesionResult& r, bool reference, std::uint32_t id) {
  for (const LesionItem& i : r.items)
    if (i.reference == reference && i.id == id) return i;
  throw std::out_of_range("no such item");
}

TEST(LesionMatching, IouOfExactlyHalfFailsStrictAndPassesInclusive) {
  const Geometry g = grid({6, 3, 3});
  // Reference 2 voxels, prediction 1 of them: IoU = 1/2 exactly.
  Conventions c = lesionConventions(LesionMatch::Iou);
  LesionResult strict = run(g, bar(0, 2), bar(0, 1), c);
  EXPECT_EQ(strict.tp, 0u);
  EXPECT_EQ(strict.fn, 1u);
  EXPECT_EQ(strict.fp, 1u);
  EXPECT_DOUBLE_EQ(*strict.f1, 0.0);
  EXPECT_DOUBLE_EQ(*strict.precision, 0.0);
  EXPECT_DOUBLE_EQ(*strict.recall, 0.0);
  EXPECT_FALSE(strict.sq);
  EXPECT_DOUBLE_EQ(*strict.pq, 0.0);
  EXPECT_DOUBLE_EQ(*strict.lesionDice, 0.0);
  EXPECT_DOUBLE_EQ(*strict.lesionHd95, 374.0);  // (0 + 374 * 2) / 2
  EXPECT_EQ(item(strict, true, 1).kind, LesionKind::Fn);
  EXPECT_DOUBLE_EQ(*item(strict, true, 1).hd95, 374.0);
  EXPECT_EQ(item(strict, false, 1).kind, LesionKind::Fp);

  c.lesions->iouInclusive = true;
  LesionResult inclusive = run(g, bar(0, 2), bar(0, 1), c);
  EXPECT_EQ(inclusive.tp, 1u);
  EXPECT_EQ(inclusive.fn + inclusive.fp, 0u);
  EXPECT_DOUBLE_EQ(*inclusive.f1, 1.0);
  EXPECT_DOUBLE_EQ(*inclusive.sq, 0.5);
  EXPECT_DOUBLE_EQ(*inclusive.pq, 0.5);
  EXPECT_DOUBLE_EQ(*inclusive.lesionDice, 2.0 / 3.0);
  // Voxel-surface HD95 (max of directed percentiles, linear): ref->pred {0, 1} gives 0.95.
  EXPECT_NEAR(*inclusive.lesionHd95, 0.95, 1e-12);
  EXPECT_EQ(item(inclusive, true, 1).matched, std::vector<std::uint32_t>{1});
  EXPECT_FALSE(item(inclusive, false, 1).dice);  // a matched prediction carries no term
  // --surface surfel: the pair's HD95 is the surfel one (the plane-2 corners of the lesion, 1 mm
  // from the prediction's, hold far more than 5 % of its area): 1.
  c.surface = SurfaceDefinition::Surfel;
  EXPECT_DOUBLE_EQ(*run(g, bar(0, 2), bar(0, 1), c).lesionHd95, 1.0);
  // --percentile 50 on the voxel surface: ref->pred {0, 1} gives 0.5.
  c.surface = SurfaceDefinition::Voxel;
  c.percentile = 50;
  EXPECT_NEAR(*run(g, bar(0, 2), bar(0, 1), c).lesionHd95, 0.5, 1e-12);
}

TEST(LesionMatching, OnePredictionTouchingTwoLesions) {
  const Geometry g = grid({8, 3, 3});
  // Lesions [0,2) and [4,6); one prediction [1,5) overlapping each by one voxel.
  const Voxels ref = join(bar(0, 2), bar(4, 6)), pred = bar(1, 5);
  LesionResult ov = run(g, ref, pred, lesionConventions(LesionMatch::Overlap));
  EXPECT_EQ(ov.tp, 2u);
  EXPECT_EQ(ov.fn, 0u);
  EXPECT_EQ(ov.fp, 0u);
  // Each pair: lesion of 2 and the whole component of 4 sharing 1: Dice 2/6, IoU 1/5.
  EXPECT_DOUBLE_EQ(*ov.lesionDice, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(*ov.sq, 0.2);
  EXPECT_DOUBLE_EQ(*ov.pq, 0.2);
  EXPECT_DOUBLE_EQ(*ov.f1, 1.0);
  EXPECT_EQ(item(ov, false, 1).matched, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(item(ov, false, 1).kind, LesionKind::Tp);

  // By IoU (1/5 each) nothing matches.
  LesionResult iou = run(g, ref, pred, lesionConventions(LesionMatch::Iou));
  EXPECT_EQ(iou.tp, 0u);
  EXPECT_EQ(iou.fn, 2u);
  EXPECT_EQ(iou.fp, 1u);
  EXPECT_DOUBLE_EQ(*iou.f1, 0.0);

  // BraTS, K = 3: the two lesions' dilations touch, one merged lesion of 4 voxels sharing 2
  // with the prediction's 4: Dice 0.5.
  LesionResult brats = run(g, ref, pred, lesionConventions(LesionMatch::Brats));
  EXPECT_EQ(brats.tp, 1u);
  EXPECT_EQ(brats.fn + brats.fp, 0u);
  EXPECT_DOUBLE_EQ(*brats.lesionDice, 0.5);
  EXPECT_DOUBLE_EQ(item(brats, true, 1).volumeMm3, 4.0);
}

TEST(LesionMatching, GreedyTiesGoToTheLowerIds) {
  const Geometry g = grid({8, 3, 3});
  Conventions c = lesionConventions(LesionMatch::Iou);
  c.lesions->iouThreshold = 0.1;
  // Lesions [0,2) and [3,5), prediction [1,4): IoU 1/4 with each; lesion 1 wins.
  LesionResult r = run(g, join(bar(0, 2), bar(3, 5)), bar(1, 4), c);
  EXPECT_EQ(r.tp, 1u);
  EXPECT_EQ(item(r, true, 1).matched, std::vector<std::uint32_t>{1});
  EXPECT_EQ(item(r, true, 2).kind, LesionKind::Fn);
  // Lesion [1,4), predictions [0,2) and [3,5): prediction 1 wins.
  r = run(g, bar(1, 4), join(bar(0, 2), bar(3, 5)), c);
  EXPECT_EQ(item(r, true, 1).matched, std::vector<std::uint32_t>{1});
  EXPECT_EQ(item(r, false, 2).kind, LesionKind::Fp);
}

TEST(LesionMatching, BratsMergesLesionsWhoseDilationsTouch) {
  const Geometry g = grid({10, 3, 3});
  Conventions c = lesionConventions(LesionMatch::Brats);
  c.lesions->dilation = 1;
  // K = 1 along i: voxel 0 reaches [0,2), voxel 3 [2,5): they touch, one lesion.
  LesionResult merged = run(g, join(bar(0, 1), bar(3, 4)), {}, c);
  EXPECT_EQ(merged.fn, 1u);
  EXPECT_DOUBLE_EQ(item(merged, true, 1).volumeMm3, 2.0);
  // Voxel 4 reaches [3,6): a gap at 2, two lesions.
  LesionResult apart = run(g, join(bar(0, 1), bar(4, 5)), {}, c);
  EXPECT_EQ(apart.fn, 2u);
  // No dilation: components as they are.
  c.lesions->dilation = 0;
  EXPECT_EQ(run(g, join(bar(0, 1), bar(3, 4)), {}, c).fn, 2u);
}

TEST(LesionMatching, BratsDiceAndSurfelHd95ByHand) {
  const Geometry g = grid({8, 3, 3});
  // Lesion [0,2), prediction [1,3): Dice 2*1/4 = 0.5. Surfels: the lesion's corners lie on the
  // planes i = 0, 1, 2 and the prediction's on 1, 2, 3; the plane-0 corners are 1 mm from the
  // prediction's (and far more than 5 % of the area), the rest 0 mm: HD95 = 1 in both
  // directions. The voxel surface would give 0.95.
  LesionResult r = run(g, bar(0, 2), bar(1, 3), lesionConventions(LesionMatch::Brats));
  EXPECT_EQ(r.tp, 1u);
  EXPECT_DOUBLE_EQ(*r.lesionDice, 0.5);
  EXPECT_DOUBLE_EQ(*r.lesionHd95, 1.0);
  // Always at 95 %: at 50 % the 0 mm corners (over half the area) would give 0.
  Conventions at50 = lesionConventions(LesionMatch::Brats);
  at50.percentile = 50;
  EXPECT_DOUBLE_EQ(*run(g, bar(0, 2), bar(1, 3), at50).lesionHd95, 1.0);
  LesionResult o = run(g, bar(0, 2), bar(1, 3), lesionConventions(LesionMatch::Overlap));
  EXPECT_NEAR(*o.lesionHd95, 0.95, 1e-12);
  // Matched within the dilation with no shared voxel: Dice 0, HD95 the surfel one; spacing 2
  // along i doubles it. Lesion-wise: Dice 0 / 1, HD95 2 / 1.
  const Geometry wide = grid({8, 3, 3}, {2, 1, 1});
  LesionResult apart = run(wide, bar(0, 1), bar(1, 2), lesionConventions(LesionMatch::Brats));
  EXPECT_EQ(apart.tp, 1u);
  EXPECT_DOUBLE_EQ(*apart.lesionDice, 0.0);
  EXPECT_DOUBLE_EQ(*apart.lesionHd95, 2.0);
  EXPECT_DOUBLE_EQ(item(apart, true, 1).volumeMm3, 2.0);
}

TEST(LesionMatching, BratsVolumeThresholdIgnoresSmallLesions) {
  const Geometry g = grid({20, 3, 3});
  Conventions c = lesionConventions(LesionMatch::Brats);
  c.lesions->dilation = 1;
  c.lesions->minVolumeMm3 = 1;  // inclusive: a 1-voxel lesion (1 mm^3) is ignored
  // Lesion A = [0,4) matched exactly; lesion B = voxel 10 (ignored); prediction voxel 11 meets
  // only B's dilation (ignored, not fp); prediction voxel 18 meets nothing (fp).
  const Voxels ref = join(bar(0, 4), bar(10, 11));
  const Voxels pred = join(join(bar(0, 4), bar(11, 12)), bar(18, 19));
  LesionResult r = run(g, ref, pred, c);
  EXPECT_EQ(r.tp, 1u);
  EXPECT_EQ(r.fn, 0u);
  EXPECT_EQ(r.fp, 1u);
  EXPECT_EQ(r.ignoredReference, 1u);
  EXPECT_EQ(r.ignoredPrediction, 1u);
  EXPECT_EQ(item(r, true, 2).kind, LesionKind::Ignored);
  EXPECT_FALSE(item(r, true, 2).dice);
  EXPECT_EQ(item(r, false, 2).kind, LesionKind::Ignored);
  EXPECT_EQ(item(r, false, 2).matched, std::vector<std::uint32_t>{2});  // ignored ones included
  EXPECT_EQ(item(r, false, 3).kind, LesionKind::Fp);
  EXPECT_DOUBLE_EQ(*r.lesionDice, 0.5);        // (1 + 0) / (1 + 1)
  EXPECT_DOUBLE_EQ(*r.lesionHd95, 187.0);      // (0 + 374) / 2
  EXPECT_DOUBLE_EQ(*r.precision, 0.5);
  EXPECT_DOUBLE_EQ(*r.recall, 1.0);
  EXPECT_DOUBLE_EQ(*r.f1, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*r.pq, 2.0 / 3.0);  // SQ 1

  // Every lesion ignored and no false positive: N = 0, the empty scores.
  LesionResult none = run(g, bar(10, 11), bar(11, 12), c);
  EXPECT_EQ(none.tp + none.fn + none.fp, 0u);
  EXPECT_DOUBLE_EQ(*none.f1, 1.0);
  EXPECT_DOUBLE_EQ(*none.lesionDice, 1.0);
  EXPECT_DOUBLE_EQ(*none.lesionHd95, 0.0);
  EXPECT_FALSE(none.precision);
}

TEST(LesionMatching, AllFalsePositives) {
  const Geometry g = grid({10, 3, 3});
  for (LesionMatch m : {LesionMatch::Iou, LesionMatch::Overlap, LesionMatch::Brats}) {
    LesionResult r = run(g, {}, join(bar(0, 2), bar(6, 8)), lesionConventions(m));
    EXPECT_EQ(r.fp, 2u);
    EXPECT_EQ(r.tp + r.fn, 0u);
    EXPECT_DOUBLE_EQ(*r.precision, 0.0);
    EXPECT_FALSE(r.recall);  // no reference lesion
    EXPECT_DOUBLE_EQ(*r.f1, 0.0);
    EXPECT_FALSE(r.sq);
    EXPECT_DOUBLE_EQ(*r.pq, 0.0);
    EXPECT_DOUBLE_EQ(*r.lesionDice, 0.0);
    EXPECT_DOUBLE_EQ(*r.lesionHd95, 374.0);
  }
}

TEST(LesionMatching, EmptyImagesScoreOne) {
  const Geometry g = grid({4, 4, 4});
  for (LesionMatch m : {LesionMatch::Iou, LesionMatch::Overlap, LesionMatch::Brats}) {
    LesionResult r = run(g, {}, {}, lesionConventions(m));
    EXPECT_TRUE(r.items.empty());
    EXPECT_DOUBLE_EQ(*r.f1, 1.0);
    EXPECT_DOUBLE_EQ(*r.rq, 1.0);
    EXPECT_DOUBLE_EQ(*r.sq, 1.0);
    EXPECT_DOUBLE_EQ(*r.pq, 1.0);
    EXPECT_DOUBLE_EQ(*r.lesionDice, 1.0);
    EXPECT_DOUBLE_EQ(*r.lesionHd95, 0.0);
    EXPECT_FALSE(r.precision);
    EXPECT_FALSE(r.recall);
  }
  // A missed lesion alone: precision null (nothing predicted), recall 0.
  LesionResult missed = run(g, bar(0, 2), {}, lesionConventions(LesionMatch::Iou));
  EXPECT_FALSE(missed.precision);
  EXPECT_DOUBLE_EQ(*missed.recall, 0.0);
}

TEST(LesionMatching, ConnectivityDecidesWhatIsOneLesion) {
  const Geometry g = grid({4, 4, 4});
  const Voxels corner{{0, 0, 0}, {1, 1, 1}}, edge{{0, 0, 0}, {1, 1, 0}};
  Conventions c = lesionConventions(LesionMatch::Overlap);
  for (int conn : {6, 18, 26}) {
    c.lesions->connectivity = conn;
    EXPECT_EQ(run(g, corner, {}, c).fn, conn == 26 ? 1u : 2u) << conn;
    EXPECT_EQ(run(g, edge, {}, c).fn, conn == 6 ? 2u : 1u) << conn;
  }
}

TEST(LesionMatching, ItemsCarryVolumeAndCentroidInMm) {
  Geometry g = grid({6, 4, 4}, {2, 1, 3});
  g.origin = {10, 0, 0};
  LesionResult r = run(g, bar(1, 3, 2, 1), {}, lesionConventions(LesionMatch::Iou));
  const LesionItem& l = item(r, true, 1);
  EXPECT_DOUBLE_EQ(l.volumeMm3, 12.0);
  EXPECT_DOUBLE_EQ(l.centroidMm[0], 10 + 2 * 1.5);
  EXPECT_DOUBLE_EQ(l.centroidMm[1], 2.0);
  EXPECT_DOUBLE_EQ(l.centroidMm[2], 3.0);
  EXPECT_DOUBLE_EQ(*l.dice, 0.0);
}

TEST(LesionMatching, RegionsTakeTheUnionOfTheirLabels) {
  const Geometry g = grid({8, 3, 3});
  std::vector<std::uint32_t> v(g.voxelCount(), 0);
  v[0] = 1;
  v[1] = 3;  // labels 1 and 3 side by side: one lesion of the region {1, 3}
  const LabelImage ref = LabelImage::fromLabels(g, v.data());
  LesionResult r = evaluateLesions(ref, ref, {1, 3}, lesionConventions(LesionMatch::Iou));
  EXPECT_EQ(r.tp, 1u);
  EXPECT_DOUBLE_EQ(item(r, true, 1).volumeMm3, 2.0);
  EXPECT_EQ(evaluateLesions(ref, ref, {1}, lesionConventions(LesionMatch::Iou)).tp, 1u);
}

TEST(LesionMatching, NoDistancesLeavesHd95Null) {
  const Geometry g = grid({8, 3, 3});
  Conventions c = lesionConventions(LesionMatch::Iou);
  c.distances = false;
  LesionResult r = run(g, bar(0, 4), bar(0, 4), c);
  EXPECT_EQ(r.tp, 1u);
  EXPECT_FALSE(r.lesionHd95);
  EXPECT_DOUBLE_EQ(*r.lesionDice, 1.0);
}

TEST(LesionMatching, RegionsParse) {
  const std::vector<Region> r = parseRegions("WT=1,2,3; TC = 1, 3;ET=3;");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].name, "TC");
  EXPECT_EQ(r[1].labels, (std::vector<std::uint32_t>{1, 3}));
  EXPECT_TRUE(parseRegions("").empty());
  for (const char* bad : {"WT", "=1", "WT=", "WT=0", "WT=1,,2", "WT=a", "WT=1;WT=2", "WT=-1"})
    EXPECT_THROW(parseRegions(bad), std::invalid_argument) << bad;
}

TEST(LesionMatching, DemoLesionCaseHasItsFailureModes) {
  // A brain that is everywhere: the blobs land anywhere in the box.
  const Geometry g = grid({90, 90, 60});
  const std::vector<std::uint32_t> ones(g.voxelCount(), 1);
  const LesionCase demo = simulateLesionCase(LabelImage::fromLabels(g, ones.data()), DemoRecipe{});
  EXPECT_EQ(demo.missed, 8);  // every 5th of 40
  EXPECT_EQ(demo.falsePositives, 6);
  Conventions c = lesionConventions(LesionMatch::Overlap);
  c.distances = false;
  const LesionResult r = evaluateLesions(demo.reference, demo.prediction, {1}, c);
  EXPECT_EQ(r.tp, 32u);
  EXPECT_EQ(r.fn, 8u);
  EXPECT_EQ(r.fp, 6u);
  // The split lesion (reference 1) is matched by two components.
  std::size_t split = 0;
  for (const LesionItem& i : r.items)
    if (i.reference && i.matched.size() == 2) ++split;
  EXPECT_EQ(split, 1u);
}

}  // namespace
}  // namespace seglens
