// The sparse surface-distance path (labels listed by voxel) must give exactly what the dense,
// box-cropped path gives: the same surfaces in the same order and the same doubles.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "Evaluation.h"
#include "IndexBox.h"
#include "SparseSurfaceDistance.h"
#include "SurfaceDistance.h"
#include "TestVolumes.h"

namespace seglens {
namespace {

IndexBox unionBox(const LabelImage& a, const LabelImage& b, std::uint32_t label) {
  IndexBox box = labelBox(a, label);
  box.add(labelBox(b, label));
  return box;
}

struct Tally {
  std::size_t listed = 0, declined = 0;
};

// Every label 1..labels of the pair through both paths; the listed result, when the sparse path
// takes the label, must equal the dense one exactly.
void expectSamePaths(const Geometry& g, const std::vector<std::uint32_t>& ref,
                     const std::vector<std::uint32_t>& pred, std::uint32_t labels,
                     const std::string& what, Tally& tally) {
  const LabelImage a = test::labels(g, ref), b = test::labels(g, pred);
  std::vector<std::uint32_t> all;
  for (std::uint32_t l = 1; l <= labels; ++l) all.push_back(l);
  const SparseSurfaceDistance sparse(a, b, all);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::uint32_t label = all[i];
    const std::optional<SurfaceDistance> listed = sparse.distances(i, unionBox(a, b, label));
    if (!listed) {
      ++tally.declined;
      continue;
    }
    ++tally.listed;
    const SurfaceDistance dense = SurfaceDistance::compute(a, b, label);
    ASSERT_EQ(listed->label, label) << what;
    ASSERT_EQ(listed->refSurface, dense.refSurface) << what << " label " << label;
    ASSERT_EQ(listed->predSurface, dense.predSurface) << what << " label " << label;
    // operator== on doubles: bit-for-bit for these (no NaN, no negative zero).
    ASSERT_EQ(listed->refToPred, dense.refToPred) << what << " label " << label;
    ASSERT_EQ(listed->predToRef, dense.predToRef) << what << " label " << label;
  }
}

// `labels` labels of 1..maxVoxels voxels each, scattered at random; `borderBias` of them sit on
// the image border. In the prediction a label keeps, moves by one voxel, jumps anywhere or
// vanishes, so some labels are empty in one image.
void scattered(const Geometry& g, std::uint32_t labels, int maxVoxels, double borderBias,
               std::mt19937& rng, std::vector<std::uint32_t>& ref,
               std::vector<std::uint32_t>& pred) {
  const std::size_t n = g.voxelCount();
  ref.assign(n, 0);
  pred.assign(n, 0);
  std::uniform_real_distribution<double> unit(0, 1);
  auto randomVoxel = [&](bool border) {
    std::size_t c[3];
    for (int k = 0; k < 3; ++k) c[k] = rng() % g.size[k];
    if (border) {
      const int axis = int(rng() % 3);
      c[axis] = rng() % 2 ? 0 : g.size[axis] - 1;
    }
    return g.linearIndex(c[0], c[1], c[2]);
  };
  for (std::uint32_t l = 1; l <= labels; ++l) {
    const int count = 1 + int(rng() % maxVoxels);
    const bool border = unit(rng) < borderBias;
    const double fate = unit(rng);
    for (int v = 0; v < count; ++v) {
      const std::size_t i = randomVoxel(border);
      if (fate < 0.1) {
        // Absent from the reference: the prediction alone has the label.
      } else {
        ref[i] = l;
      }
      if (fate < 0.2) {
        pred[randomVoxel(border)] = l;
      } else if (fate < 0.5) {
        pred[i] = l;
      } else if (fate < 0.8) {
        pred[std::min(n - 1, i + (rng() % 2 ? 1 : g.size[0]))] = l;
      } else if (fate < 0.9) {
        pred[randomVoxel(false)] = l;
      }  // else: absent from the prediction
    }
  }
}

TEST(SparseSurfaceDistance, ScatteredLabelsMatchTheDensePathExactly) {
  const std::array<double, 3> spacings[] = {
      {1, 1, 1}, {0.8, 0.8, 2.5}, {0.7, 1.3, 3.1}, {0.5, 0.5, 0.5}, {0.8, 0.8, 0.8}};
  std::mt19937 rng(20261204);
  Tally total;
  for (int c = 0; c < 60; ++c) {
    const auto& sp = spacings[c % std::size(spacings)];
    const Geometry g = test::grid(3 + rng() % 18, 3 + rng() % 18, 1 + rng() % 12, sp);
    const std::uint32_t labels = 1 + rng() % 60;
    const int maxVoxels = c % 3 == 0 ? 1 : 1 + int(rng() % 12);  // single voxels every third case
    std::vector<std::uint32_t> ref, pred;
    scattered(g, labels, maxVoxels, c % 4 == 0 ? 0.8 : 0.2, rng, ref, pred);
    Tally tally;
    expectSamePaths(g, ref, pred, labels + 1, "case " + std::to_string(c), tally);  // +1: absent
    if (HasFatalFailure()) return;
    // With spacing 1 every squared distance is an integer: no near tie, nothing is declined
    // unless comparing all pairs would cost more than the box.
    if (sp[0] == 1.0) EXPECT_EQ(tally.declined, 0u) << "case " << c;
    total.listed += tally.listed;
    total.declined += tally.declined;
  }
  // Near ties (anisotropic spacing) are rare: the sparse path is the one actually tested.
  EXPECT_GT(total.listed, 10 * total.declined);
}

TEST(SparseSurfaceDistance, BlobsAndManyChunksMatchTheDensePathExactly) {
  std::mt19937 rng(7);
  Tally tally;
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    const Geometry g = test::grid(24, 20, 14, seed % 2 ? std::array<double, 3>{0.8, 0.8, 2.5}
                                                      : std::array<double, 3>{1, 1, 1});
    const auto ref = test::randomBlobs(g, 3, 5, seed), pred = test::randomBlobs(g, 3, 5, seed + 99);
    expectSamePaths(g, ref, pred, 3, "blob seed " + std::to_string(seed), tally);
    if (HasFatalFailure()) return;
  }
  // More voxels than one listing task holds (2^16): every label's list spans several tasks.
  const Geometry big = test::grid(70, 60, 40, {0.9, 1.1, 2.0});
  std::vector<std::uint32_t> ref, pred;
  scattered(big, 300, 8, 0.2, rng, ref, pred);
  expectSamePaths(big, ref, pred, 300, "multi-chunk", tally);
  EXPECT_GT(tally.listed, 10 * tally.declined);
}

// The evaluation end to end: 4,000 labels scattered over 40,000 voxels (issue 11), every
// distance field equal with and without the sparse path.
TEST(SparseSurfaceDistance, EvaluationOfFourThousandScatteredLabelsEqualsDense) {
  const Geometry g = test::grid(40, 40, 25, {0.8, 0.8, 2.5});
  const std::size_t n = g.voxelCount();
  std::mt19937 rng(11);
  std::vector<std::uint32_t> ref(n), pred(n);
  for (std::size_t i = 0; i < n; ++i) {
    ref[i] = 1 + rng() % 4000;
    const std::uint32_t r = rng() % 10;
    pred[i] = r < 7 ? ref[i] : r < 9 ? 1 + rng() % 4000 : 0;
  }
  const LabelImage a = test::labels(g, ref), b = test::labels(g, pred);
  EvalOptions options;
  options.denseConfusion = false;
  const PredictionEvaluation listed =
      evaluatePrediction(a, test::labels(g, pred), "pred", LabelTable{}, options);
  PredictionEvaluation dense;
  {
    const ForceDenseSurfaceDistances force;
    dense = evaluatePrediction(a, test::labels(g, pred), "pred", LabelTable{}, options);
  }
  ASSERT_EQ(listed.labels.size(), dense.labels.size());
  ASSERT_GE(listed.labels.size(), 3990u);
  std::size_t sparseLabels = 0;
  for (std::size_t i = 0; i < listed.labels.size(); ++i) {
    const LabelMetrics &l = listed.labels[i], &d = dense.labels[i];
    ASSERT_EQ(l.label, d.label);
    EXPECT_TRUE(l.distancesComputed);
    EXPECT_EQ(l.emptyOne, d.emptyOne) << l.label;
    EXPECT_EQ(l.hd, d.hd) << l.label;
    EXPECT_EQ(l.hd95, d.hd95) << l.label;
    EXPECT_EQ(l.assd, d.assd) << l.label;
    EXPECT_EQ(l.masd, d.masd) << l.label;
    EXPECT_EQ(l.nsd, d.nsd) << l.label;
    if (i >= 200) continue;  // a box costs a pass over the image; a sample says enough
    const std::uint64_t voxels = l.counts.tp + l.counts.fn + l.counts.tp + l.counts.fp;
    sparseLabels +=
        SparseSurfaceDistance::suits(SparseSurfaceDistance::volume(unionBox(a, b, l.label)), voxels);
  }
  EXPECT_EQ(listed.mean.hd, dense.mean.hd);
  EXPECT_EQ(listed.mean.assd, dense.mean.assd);
  // Scattered labels: (nearly) every one has the image as its box and takes the sparse path.
  EXPECT_GT(sparseLabels, 190u);
}

}  // namespace
}  // namespace seglens
