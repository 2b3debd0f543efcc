// Thousands of labels on a small image: the engine, the evaluation and the JSON report must
// follow the voxels and the non-zero cells, not the square of the label count (issue 11: 4,000
// labels on 40,000 voxels took 17 s, 0.55 GB and wrote a 244 MB JSON).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "Evaluation.h"
#include "OverlapEngine.h"
#include "Report.h"
#include "TestVolumes.h"

namespace seglens {
namespace {

TEST(ManyLabels, FourThousandLabelsStaySparse) {
  const Geometry g = test::grid(40, 40, 25);  // 40,000 voxels
  const std::size_t n = g.voxelCount();
  std::vector<std::uint32_t> ref(n), pred(n);
  for (std::size_t i = 0; i < n; ++i) {
    ref[i] = std::uint32_t(i % 4000) + 1;
    // Every fourth voxel is predicted as the next label: two cells per label.
    pred[i] = i % 4 == 0 ? std::uint32_t((i + 1) % 4000) + 1 : ref[i];
  }
  const LabelImage a = LabelImage::fromLabels(g, ref.data());
  const LabelImage b = LabelImage::fromLabels(g, pred.data());
  const OverlapCounts counts = computeOverlap(a, b);
  EXPECT_LE(counts.joint.size(), 8000u);  // the cells that occur, not 4001 x 4001
  EXPECT_EQ(counts.presentLabels().size(), 4000u);
  std::uint64_t total = 0;
  for (const auto& cell : counts.joint) total += cell.count;
  EXPECT_EQ(total, n);
  EXPECT_EQ(counts.binary(1).tp + counts.binary(1).fn, counts.refVoxels(1));

  EvalOptions options;
  options.conventions.distances = false;
  options.denseConfusion = false;
  EvalReport report;
  report.referencePath = "ref";
  report.conventions = options.conventions;
  report.predictions.push_back(
      evaluatePrediction(a, LabelImage::fromLabels(g, pred.data()), "pred", LabelTable{}, options));
  const auto& confusion = report.predictions[0].confusion;
  EXPECT_TRUE(confusion.counts.empty());
  EXPECT_EQ(confusion.cells.size(), counts.joint.size());
  const std::string json = reportJson(report).dump();
  // ~4,000 label entries and ~8,000 cells: a few MB at most (dense would be > 100 MB).
  EXPECT_LT(json.size(), 8u << 20);
  const auto parsed = nlohmann::json::parse(json);
  const auto& cells = parsed["predictions"][0]["confusion"]["cells"];
  EXPECT_EQ(cells.size(), confusion.cells.size());
  std::uint64_t sum = 0;
  for (const auto& c : cells) sum += c[2].get<std::uint64_t>();
  EXPECT_EQ(sum, n);
}

}  // namespace
}  // namespace seglens
