#pragma once
// Surface-distance metrics (HD, HD95, ASSD, MASD, NSD) in millimetres.
//
// Surface of a mask: its voxels with at least one face neighbour outside the mask (beyond the
// image border counts as outside). d(A->B): for each surface voxel of A, the distance in mm
// between voxel centres to the nearest surface voxel of B. The README's metrics section has the
// formulas; Conventions (Metrics.h) decides the HD95 variant, percentile, NSD tolerances and
// empty masks.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "LabelImage.h"
#include "Metrics.h"
#include "Progress.h"

namespace seglens {

// Directed surface distances of one label: the data behind every distance metric, kept so a
// view can colour each surface voxel by its distance to the other surface.
struct SurfaceDistance {
  std::uint32_t label = 0;
  // Surface voxels of the reference / prediction mask as linear indices of the image grid,
  // ascending, and for each one its distance in mm to the other mask's surface (empty when the
  // other mask is empty).
  std::vector<std::size_t> refSurface, predSurface;
  std::vector<double> refToPred, predToRef;

  bool refEmpty() const { return refSurface.empty(); }
  bool predEmpty() const { return predSurface.empty(); }

  // Both images must share a grid (same size; spacing taken from the reference).
  static SurfaceDistance compute(const LabelImage& reference, const LabelImage& prediction,
                                 std::uint32_t label);
  // Binary masks (non-zero = inside) on grid `g`.
  static SurfaceDistance compute(const Geometry& g, const std::uint8_t* reference,
                                 const std::uint8_t* prediction);
};

// Percentile p (0..100) with linear interpolation between order statistics, as numpy's default
// method. Reorders `values`, which must not be empty.
double percentileLinear(std::vector<double>& values, double p);

// Fills m's distance fields (hd, hd95, assd, masd, nsd, emptyOne, distancesComputed) from the
// directed distances, following `conventions`; `g` gives the image diagonal for
// EmptyDistance::Worst.
void summariseSurfaceDistance(const SurfaceDistance& d, const Conventions& conventions,
                              const Geometry& g, LabelMetrics& m);

// Fills the distance fields of every entry of `labels` (reference vs prediction, same grid).
// Labels run in parallel, each cropped to the bounding box of the union of its two masks, or,
// when that box is much larger than the label (m.counts gives its voxels), from the list of its
// voxels (SparseSurfaceDistance.h), with the same result.
// Throws std::invalid_argument when the grids differ in size, Cancelled when `progress` asks.
void addSurfaceDistances(const LabelImage& reference, const LabelImage& prediction,
                         const Conventions& conventions, std::vector<LabelMetrics>& labels,
                         Progress* progress = nullptr);

}  // namespace seglens
