#pragma once
// Lesion-wise (instance) metrics of one label or region (issue 16; README "Lesion-wise
// metrics" has every formula): connected components of the reference and the prediction,
// matched by IoU, by any overlap, or as the BraTS 2023 scorer does; detection counts, precision,
// recall, F1, lesion-wise Dice and HD95, panoptic quality.
//
// Counts are on the reference side: tp = detected reference lesions, fn = missed ones, fp =
// predicted components matched to nothing. N = tp + fn + fp.
//   precision = tp/(tp+fp), recall = tp/(tp+fn), F1 = RQ = 2tp/(2tp+fp+fn)
//   lesion_dice = sum of the matched pairs' Dice / N
//   lesion_hd95 = (sum of the matched pairs' HD95 + M (fn + fp)) / N, M = LesionOptions::missHd95
//   SQ = mean IoU of the matched pairs, PQ = SQ * RQ
// Empty cases: N = 0 gives F1 = RQ = SQ = PQ = lesion_dice = 1, lesion_hd95 = 0; tp = 0 < N gives
// SQ null and PQ = F1 = 0; precision and recall are null on 0/0.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ConnectedComponents.h"
#include "LabelImage.h"
#include "Metrics.h"

namespace seglens {

enum class LesionKind { Tp, Fp, Fn, Ignored };

const char* lesionKindName(LesionKind kind);
const char* lesionMatchName(LesionMatch match);

struct LesionItem {
  bool reference = true;  // side: reference lesion or predicted component
  std::uint32_t id = 0;   // 1..n per side, in the order of the first voxel in storage order
  LesionKind kind = LesionKind::Fn;
  std::uint64_t voxels = 0;
  double volumeMm3 = 0;
  std::array<double, 3> centroidMm{0, 0, 0};  // unweighted mean of voxel centres, LPS
  IndexBox box;                               // index bounding box (views centre on it)
  // Its own term in the lesion-wise means: a matched reference lesion its pair's values, a
  // missed lesion or a false positive 0 and M; matched predictions and ignored items null.
  std::optional<double> dice, hd95;
  std::vector<std::uint32_t> matched;  // ids on the other side (LesionMatching.cpp says which)
};

struct LesionResult {
  std::uint64_t tp = 0, fp = 0, fn = 0;
  std::uint64_t ignoredReference = 0, ignoredPrediction = 0;  // brats mode only
  std::optional<double> precision, recall, f1, lesionDice, lesionHd95, pq, sq, rq;
  // Reference items by id, then prediction items by id.
  std::vector<LesionItem> items;
};

// Lesion metrics of the voxels labelled with any of `labels` (one label, or a region), under
// conventions.lesions (default options when unset). Both images on the same grid (size checked:
// std::invalid_argument). Pair HD95: brats mode the DeepMind surfel HD95 at 95 %; the other
// modes the HD95 `eval` reports under `conventions` (voxel surface, --hd95, --percentile; the
// surfel one under --surface surfel). With conventions.distances off every HD95 is null.
LesionResult evaluateLesions(const LabelImage& reference, const LabelImage& prediction,
                             const std::vector<std::uint32_t>& labels,
                             const Conventions& conventions);

// The same from the two masks as runs (RunMask::fromImage), on grid `g`.
LesionResult evaluateLesions(const Geometry& g, const RunMask& reference, const RunMask& prediction,
                             const Conventions& conventions);

}  // namespace seglens
