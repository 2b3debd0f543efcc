#pragma once
// The demo case: Colin27 T1 with the AAL atlas as ground truth and two simulated model outputs
// with different, realistic failure modes. Deterministic: the same inputs give the same bytes.
#include <string>
#include <vector>

#include "LabelImage.h"

namespace seglens {

struct DemoSources {
  std::string scan = "/usr/share/mricron/templates/ch2.nii.gz";
  std::string atlas = "/usr/share/mricron/templates/aal.nii.gz";
  std::string names = "/usr/share/mricron/templates/aal.nii.txt";
  std::string colours = "/usr/share/mricron/templates/aal.nii.lut";
};

// Failure modes baked into the simulated predictions (also printed by `seglens-cli demo`).
struct DemoRecipe {
  // Model A: boundary noise on the odd (left-hemisphere) labels, one missed structure and a few
  // false-positive blobs.
  std::uint32_t missedLabel = 37;      // Hippocampus_L
  std::uint32_t blobLabel = 71;        // Caudate_L, sprinkled where it does not belong
  double boundaryFlip = 0.35;          // chance a boundary voxel takes its neighbour's label
  // Model B: the whole atlas shifted by 2 voxels along i, and two labels merged.
  int shiftVoxels = 2;
  std::uint32_t mergedFrom = 75;       // Pallidum_L ...
  std::uint32_t mergedInto = 73;       // ... predicted as Putamen_L
  // Model C: a float probability map of one label (for live thresholding).
  std::uint32_t probabilityLabel = 1;  // Precentral_L
  // The lesion case (lesions_gt / lesions_pred, label 1, on the atlas grid): small blobs inside
  // the brain; the prediction misses every missEvery-th one, splits the first (the largest) in
  // two, grows, shrinks or shifts the rest by a voxel, and adds false-positive blobs.
  int lesionCount = 40;
  int missEvery = 5;
  int falsePositives = 6;
};

// The lesion case's reference and prediction (label 1), deterministic.
struct LesionCase {
  LabelImage reference, prediction;
  int missed = 0, split = 1, falsePositives = 0;
};
LesionCase simulateLesionCase(const LabelImage& truth, const DemoRecipe& recipe);

// Model A's failure modes applied to `truth`.
LabelImage simulateNoisyModel(const LabelImage& truth, const DemoRecipe& recipe);
// Model B's failure modes applied to `truth`.
LabelImage simulateShiftedModel(const LabelImage& truth, const DemoRecipe& recipe);

// Model C: probabilities in [0,1] of `label`, deterministic.
std::vector<float> simulateProbabilityModel(const LabelImage& truth, std::uint32_t label);

// Writes scan.nii.gz, gt.nii.gz, pred_a.nii.gz, pred_b.nii.gz, pred_prob.nii.gz,
// lesions_gt.nii.gz, lesions_pred.nii.gz, lesions_gt.txt, labels.txt and labels.lut into
// `outDir`. Existing complete output is kept unless `force`. Returns a one-paragraph description.
std::string writeDemoCase(const std::string& outDir, const DemoSources& sources = {},
                          const DemoRecipe& recipe = {}, bool force = false);

}  // namespace seglens
