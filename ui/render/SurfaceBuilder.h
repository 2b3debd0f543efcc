#pragma once
// Label surfaces for the 3D view: discrete flying edges on the labels' bounding box, windowed
// sinc smoothing, decimation above a triangle budget, then the index->LPS transform. Plain
// function over shared immutable data so it runs on a worker thread; the caller hands the result
// to the UI thread, where everything left to do (colour mapping, buffer upload, drawing) is
// proportional to the triangle count, hence the budget.
#include <vtkSmartPointer.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "LabelImage.h"
#include "Progress.h"

class vtkPolyData;

namespace seglens {

// A 512x512x300 multi-label case gives millions of triangles. With llvmpipe the first frame of a
// 100k-triangle surface (buffer upload and drawing) froze the window ~90 ms; 70k keeps it under
// ~70 ms while the demo's gyri stay recognisable.
inline constexpr std::size_t kDefaultMaxSurfaceTriangles = 70'000;

struct SurfaceRequest {
  std::shared_ptr<const LabelImage> image;
  std::vector<std::uint32_t> labels;  // labels to extract; empty: every present label
  // When set, each point gets a "Membership" scalar: 1 where the surface encloses voxels that
  // carry the same label in this reference (TP), 0 where it does not (FP).
  std::shared_ptr<const LabelImage> membershipReference;
  int smoothingIterations = 15;
  // Above this many triangles the smoothed surface is decimated to at most about this many
  // (labels with few triangles are kept whole, so many tiny labels can exceed it). 0: no limit.
  std::size_t maxTriangles = kDefaultMaxSurfaceTriangles;
  // When set, each point gets a "SignedDistance" scalar: mm from the point to this reference's
  // surface of the point's own label, positive outside it (core/SignedDistanceField's
  // convention), NaN where the reference lacks the label.
  std::shared_ptr<const LabelImage> signedDistanceReference;
};

// Point scalars "Label" (label value) and, with the references, "Membership" and
// "SignedDistance".
// Returns an empty polydata when no voxel carries the labels. Bounds are computed here (they are
// cached in the polydata), so the UI thread never walks the points for them. Throws Cancelled.
vtkSmartPointer<vtkPolyData> buildSurface(const SurfaceRequest& request, Progress* progress);

}  // namespace seglens
