#pragma once
// Evaluates predictions against a reference: grid check (or resampling), the overlap engine,
// per-label metrics, macro mean, foreground entry and confusion matrix.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "LabelImage.h"
#include "LabelTable.h"
#include "Metrics.h"
#include "Progress.h"

namespace seglens {

// A BraTS-style region: the union of some labels scored as one binary mask (WT = {1,2,3}).
struct Region {
  std::string name;
  std::vector<std::uint32_t> labels;
};

// Parses "WT=1,2,3;TC=1,3;ET=3" (names unique, labels non-zero). Throws std::invalid_argument
// naming the faulty part.
std::vector<Region> parseRegions(const std::string& text);

struct EvalOptions {
  Conventions conventions;
  std::vector<std::uint32_t> labels;  // empty: every non-zero label in either image
  bool resample = false;              // nearest-neighbour onto the reference grid on mismatch
  // Also fill ConfusionMatrix::counts (labels x labels). The viewer draws it; the CLI needs only
  // the sparse cells, whose cost follows the voxels, not the square of the label count.
  bool denseConfusion = true;
  // Extra rows, each region's voxels scored as one label with every metric (lesions included).
  std::vector<Region> regions;
};

struct RegionMetrics {
  Region region;
  LabelMetrics metrics;  // label 0, name = the region's
};

struct ConfusionMatrix {
  struct Cell {
    std::size_t ref = 0, pred = 0;  // indices into `labels`
    std::uint64_t count = 0;
  };
  std::vector<std::uint32_t> labels;               // row/column labels, 0 first
  std::vector<Cell> cells;                         // non-zero cells, by (ref, pred); always set
  std::vector<std::vector<std::uint64_t>> counts;  // [reference][prediction]; denseConfusion only
};

struct PredictionEvaluation {
  std::string path;
  std::vector<LabelMetrics> labels;
  LabelMetrics mean;
  std::size_t meanCount = 0;  // labels that entered the mean
  LabelMetrics foreground;
  ConfusionMatrix confusion;
  std::vector<std::string> warnings;
  OverlapCounts counts;
  std::vector<RegionMetrics> regions;  // EvalOptions::regions, in their order
  // A probability map's binarisation threshold (foreground where p >= threshold): it changes
  // every hard score, so reports must say which one was used.
  std::optional<double> threshold;
};

struct EvalReport {
  std::string referencePath;
  Conventions conventions;
  std::vector<PredictionEvaluation> predictions;
};

// A probability map's label and its soft Dice sums against the reference (softSums below).
struct ProbabilityScores {
  std::uint32_t label = 0;
  SoftSums sums;
};

// The overlap half of evaluatePrediction from counts already computed: per-label metrics (the
// probability map's label alone when `probability` is set and options.labels is empty), mean,
// foreground and confusion matrix; no distances, no counts copied in. evaluatePrediction calls
// it too, so a caller holding the counts (the viewer) gets the same numbers as `eval`.
PredictionEvaluation evaluateOverlap(const OverlapCounts& counts, const LabelTable& table,
                                     const EvalOptions& options,
                                     const std::optional<ProbabilityScores>& probability = {});

// Throws InputError (naming predictionPath) when the grids differ and resampling is off.
PredictionEvaluation evaluatePrediction(const LabelImage& reference, LabelImage prediction,
                                        const std::string& predictionPath,
                                        const LabelTable& table, const EvalOptions& options,
                                        Progress* progress = nullptr);

// Soft Dice sums of a probability map against the reference voxels whose label is `label`.
SoftSums softSums(const LabelImage& reference, std::uint32_t label,
                  const std::vector<float>& probabilities);

}  // namespace seglens
