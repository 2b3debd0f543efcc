#pragma once
// Dice (and Jaccard) of a probability map against one reference label at every threshold
// k/steps, from one pass that histograms the probabilities of reference and non-reference
// voxels: no re-run of the engine per threshold.
#include <cstdint>
#include <optional>
#include <vector>

#include "LabelImage.h"

namespace seglens {

struct ThresholdPoint {
  double threshold = 0;
  std::uint64_t tp = 0, fp = 0, fn = 0;
  std::optional<double> dice, jaccard;
};

struct ThresholdCurve {
  std::vector<ThresholdPoint> points;  // ascending thresholds 0, 1/steps, ..., 1
  std::size_t best = 0;                // index of the highest Dice (lowest threshold on ties)
};

// Foreground at threshold t is p >= float(t), the same rule as LabelImage::rethreshold, so each
// point equals the engine run at that threshold exactly.
ThresholdCurve diceThresholdCurve(const LabelImage& reference, std::uint32_t label,
                                  const std::vector<float>& probabilities, int steps = 100);

}  // namespace seglens
