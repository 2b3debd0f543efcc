#pragma once
// Metric definitions and the conventions that decide undefined cases. Every convention is chosen
// here, once, and written into every report (see conventionsJson in Report.h).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "LesionOptions.h"
#include "OverlapEngine.h"

namespace seglens {

struct LesionResult;  // LesionMatching.h

enum class EmptyPolicy {
  One,  // Metrics Reloaded: a label absent from both images scores 1 (Dice, Jaccard, F1, ...)
  NaN   // nnU-Net / MONAI: such a label scores null and is left out of means
};

enum class Hd95Mode {
  Max,     // max of the two directed percentiles (MONAI, Metrics Reloaded) - default
  Pooled,  // percentile of both directions pooled (MedPy, seg-metrics)
  Mean     // mean of the two directed percentiles (plastimatch, SlicerRT)
};

enum class EmptyDistance {
  Null,   // exactly one mask empty: distances are null, flagged empty_one
  Worst   // ... reported as the image diagonal in mm
};

// Which surface the distance metrics are measured on (README, "Surface definitions").
enum class SurfaceDefinition {
  Voxel,   // surface voxels, distances between voxel centres (SurfaceDistance.h) - default
  Surfel,  // DeepMind surface-distance: area-weighted marching-cubes surfels (SurfelSurface.h)
  Both     // both: the voxel fields as for Voxel, the surfel ones beside them
};

struct Conventions {
  EmptyPolicy empty = EmptyPolicy::One;
  double smooth = 1.0;  // epsilon of the soft Dice loss
  double tverskyAlpha = 0.5;
  double tverskyBeta = 0.5;
  // Surface distances (filled by the distance module).
  bool distances = true;
  Hd95Mode hd95Mode = Hd95Mode::Max;
  double percentile = 95.0;
  std::vector<double> nsdTolerances{1.0, 2.0};
  EmptyDistance emptyDistance = EmptyDistance::Null;  // voxel surface only
  SurfaceDefinition surface = SurfaceDefinition::Voxel;
  bool voxelSurface() const { return surface != SurfaceDefinition::Surfel; }
  bool surfelSurface() const { return surface != SurfaceDefinition::Voxel; }
  // Lesion-wise metrics per label (LesionMatching.h) when set.
  std::optional<LesionOptions> lesions;
};

// Sums for the soft Dice of a probability map p against a binary reference t.
struct SoftSums {
  double pt = 0, p = 0, t = 0;
};

struct LabelMetrics {
  std::uint32_t label = 0;
  std::string name;
  BinaryCounts counts;
  bool emptyBoth = false;  // label absent from reference and prediction
  bool emptyRef = false;
  bool emptyPred = false;
  std::optional<double> dice, jaccard, f1, precision, recall, specificity, fpr, fnr;
  std::optional<double> volumeSimilarity, relativeVolumeDifference, tversky;
  std::optional<double> softDice, softDiceLoss;
  double refVolumeMm3 = 0, predVolumeMm3 = 0;
  // Surface distances in mm; unset when not computed.
  bool distancesComputed = false;
  bool emptyOne = false;  // exactly one of the two masks is empty
  std::optional<double> hd, hd95, assd, masd;
  std::map<double, std::optional<double>> nsd;  // tolerance (mm) -> NSD
  // The same under the surfel definition (SurfelSurface.h); unset when not computed. Null where
  // the package gives infinity or NaN (empty masks).
  bool surfelComputed = false;
  std::optional<double> surfelHd, surfelHd95, surfelAsdRefToPred, surfelAsdPredToRef, surfelMasd;
  std::map<double, std::optional<double>> surfelNsd;  // tolerance (mm) -> NSD
  double surfelRefAreaMm2 = 0, surfelPredAreaMm2 = 0;  // total surfel area of each mask
  // Lesion-wise metrics (Conventions::lesions); null when not computed and in the mean.
  std::shared_ptr<const LesionResult> lesions;
};

// Overlap metrics of one label from its counts. `soft` comes from a probability map; without it
// the soft fields equal the hard Dice (a hard mask is its own probability map).
LabelMetrics overlapMetrics(std::uint32_t label, const BinaryCounts& counts, double voxelVolume,
                            const Conventions& conventions,
                            const std::optional<SoftSums>& soft = std::nullopt);

// Macro mean over labels: each metric averaged over the labels where it is not null.
LabelMetrics meanMetrics(const std::vector<LabelMetrics>& labels, std::size_t* averaged = nullptr);

}  // namespace seglens
