#pragma once
// Evaluates predictions against a reference: grid check (or resampling), the overlap engine,
// per-label metrics, macro mean, foreground entry and confusion matrix.
#include <cstdint>
#include <string>
#include <vector>

#include "LabelImage.h"
#include "LabelTable.h"
#include "Metrics.h"
#include "Progress.h"

namespace seglens {

struct EvalOptions {
  Conventions conventions;
  std::vector<std::uint32_t> labels;  // empty: every non-zero label in either image
  bool resample = false;              // nearest-neighbour onto the reference grid on mismatch
};

struct ConfusionMatrix {
  std::vector<std::uint32_t> labels;               // row/column labels, 0 first
  std::vector<std::vector<std::uint64_t>> counts;  // [reference][prediction]
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
};

struct EvalReport {
  std::string referencePath;
  Conventions conventions;
  std::vector<PredictionEvaluation> predictions;
};

// Throws InputError (naming predictionPath) when the grids differ and resampling is off.
PredictionEvaluation evaluatePrediction(const LabelImage& reference, LabelImage prediction,
                                        const std::string& predictionPath,
                                        const LabelTable& table, const EvalOptions& options,
                                        Progress* progress = nullptr);

// Soft Dice sums of a probability map against the reference voxels whose label is `label`.
SoftSums softSums(const LabelImage& reference, std::uint32_t label,
                  const std::vector<float>& probabilities);

}  // namespace seglens
