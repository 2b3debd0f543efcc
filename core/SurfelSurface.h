#pragma once
// Surface distances under DeepMind surface-distance's definition (BraTS, most leaderboards' NSD,
// MONAI's use_subvoxels=True): area-weighted marching-cubes surfels on the corner grid.
//
// Each mask is cropped to the bounding box of the union of the two masks, with one more corner
// plane on every side (the package pads the crop and correlates with cval 0: outside the image is
// outside both masks). A corner whose neighbour code (SurfelTable.h) is neither 0 nor 255 is a
// surfel of that mask, with that code's area at the image spacing. d(A->B) of a surfel of A is
// the exact Euclidean distance in mm (spacing-weighted) between its corner and the nearest surfel
// corner of B; +infinity when B has none. The metrics are area-weighted (summariseSurfels).
// This is a second definition beside the voxel one (SurfaceDistance.h), chosen with
// Conventions::surface; the README's "Surface definitions" section has both sets of formulas.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "IndexBox.h"
#include "LabelImage.h"
#include "Metrics.h"
#include "Progress.h"

namespace seglens {

struct SurfelDistances {
  std::uint32_t label = 0;
  // Per surfel of the reference / prediction, in corner-grid order (x fastest): its area in mm^2
  // and its distance in mm to the other mask's nearest surfel (+inf when the other is empty).
  std::vector<double> refArea, predArea;
  std::vector<double> refToPred, predToRef;

  bool refEmpty() const { return refArea.empty(); }
  bool predEmpty() const { return predArea.empty(); }

  // Binary masks (non-zero = inside) on grid `g`.
  static SurfelDistances compute(const Geometry& g, const std::uint8_t* reference,
                                 const std::uint8_t* prediction);
  // One label of two label maps on the same grid (spacing taken from the reference).
  static SurfelDistances compute(const LabelImage& reference, const LabelImage& prediction,
                                 std::uint32_t label);
  // The same given the union box of the label's two masks (empty box: both masks empty).
  static SurfelDistances compute(const LabelImage& reference, const LabelImage& prediction,
                                 std::uint32_t label, const IndexBox& unionBox);
};

// Fills m's surfel fields (surfelComputed, surfelHd, surfelHd95, surfelAsd*, surfelMasd,
// surfelNsd, surfel areas; emptyOne) as the package computes them:
//   asd(A->B) = sum d*a / sum a over the surfels of A;   masd = (asd(A->B) + asd(B->A)) / 2
//   HD_p(A->B) = the first distance, sorted by (distance, area), whose cumulative area fraction
//                reaches p/100 (no interpolation); HD_p = max of the two directions; HD = p 100
//   NSD@tau = (sum a[d(A->B) <= tau] + sum a[d(B->A) <= tau]) / (sum a_A + sum a_B)
// Empty masks follow the package, whatever Conventions::empty says: both empty gives HD infinite
// and the averages and NSD NaN, one empty HD and the averages infinite (or NaN) and NSD 0;
// infinities and NaNs are reported as null (the conventions say why). Only percentile and
// nsdTolerances are read from `conventions`.
void summariseSurfels(const SurfelDistances& d, const Conventions& conventions, LabelMetrics& m);

// Fills the surfel fields of every entry of `labels` (reference vs prediction, same grid),
// labels in parallel, each on the union box of its two masks. Throws std::invalid_argument when
// the grids differ in size, Cancelled when `progress` asks.
void addSurfelDistances(const LabelImage& reference, const LabelImage& prediction,
                        const Conventions& conventions, std::vector<LabelMetrics>& labels,
                        Progress* progress = nullptr);

}  // namespace seglens
