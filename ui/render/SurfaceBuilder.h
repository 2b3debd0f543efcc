#pragma once
// Label surfaces for the 3D view: discrete flying edges on the labels' bounding box, windowed
// sinc smoothing, then the index->LPS transform. Plain function over shared immutable data so it
// runs on a worker thread; the caller hands the result to the UI thread.
#include <vtkSmartPointer.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "LabelImage.h"
#include "Progress.h"

class vtkPolyData;

namespace seglens {

struct SurfaceRequest {
  std::shared_ptr<const LabelImage> image;
  std::vector<std::uint32_t> labels;  // labels to extract; empty: every present label
  // When set, each point gets a "Membership" scalar: 1 where the surface encloses voxels that
  // carry the same label in this reference (TP), 0 where it does not (FP).
  std::shared_ptr<const LabelImage> membershipReference;
  int smoothingIterations = 15;
};

// Point scalars "Label" (label value) and, with a membership reference, "Membership".
// Returns an empty polydata when no voxel carries the labels. Throws Cancelled.
vtkSmartPointer<vtkPolyData> buildSurface(const SurfaceRequest& request, Progress* progress);

}  // namespace seglens
