#pragma once
// Surface distances of labels with few voxels next to their bounding box, e.g. one of thousands
// of labels scattered over the image: the dense path (a byte mask and two exact distance
// transforms on the union box) costs the box, which for such a label is the whole image, so
// thousands of them cost labels x voxels (issue 11). Here one pass over each image lists the
// voxels of every such label, and each label's surfaces and distances come from its own voxels.
//
// The result is the dense path's, bit for bit: the same surfaces in the same (ascending) order,
// and each distance formed from the same index differences and spacing in the same order of
// operations as DistanceTransform::distanceMm. The one thing the two paths could disagree on is
// which of two voxels at (nearly) the same distance is the nearest: when the two smallest
// distinct squared distances of a surface voxel lie within a relative 1e-6 of each other, the
// rounding of the transform's pick could differ in the last bit, so distances() declines the
// label and the caller runs the dense path.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "IndexBox.h"
#include "LabelImage.h"
#include "SurfaceDistance.h"

namespace seglens {

class SparseSurfaceDistance {
 public:
  // Whether a label whose union box holds `boxVoxels` voxels and whose two masks hold `voxels`
  // voxels in total (reference + prediction) is worth listing: its box is much larger than it.
  static bool suits(double boxVoxels, std::uint64_t voxels);

  // Lists the voxels of each of `labels` in both images (same grid size), one parallel pass per
  // image; nothing is read when `labels` is empty. Memory is proportional to those voxels.
  SparseSurfaceDistance(const LabelImage& reference, const LabelImage& prediction,
                        std::vector<std::uint32_t> labels);

  const std::vector<std::uint32_t>& labels() const { return labels_; }

  // Directed distances of labels()[i], whose union box is `box`; nullopt when comparing every
  // pair of surface voxels would cost more than the dense path on the box, or on a near tie
  // (see above): the caller then computes the label densely.
  std::optional<SurfaceDistance> distances(std::size_t i, const IndexBox& box) const;

  // Voxels of the box, as a double (a box may exceed 2^32 voxels).
  static double volume(const IndexBox& box);

 private:
  // Voxels of label slot s in one image: the ascending linear indices voxels[offsets[s]] up to
  // voxels[offsets[s + 1]].
  struct Lists {
    std::vector<std::size_t> offsets, voxels;
  };
  Lists collect(const LabelImage& image) const;

  const LabelImage& reference_;
  const LabelImage& prediction_;
  std::vector<std::uint32_t> labels_;
  Lists ref_, pred_;
};

// Test hook: while an instance lives, addSurfaceDistances computes every label densely, so a
// test can compare the two paths end to end.
class ForceDenseSurfaceDistances {
 public:
  ForceDenseSurfaceDistances();
  ~ForceDenseSurfaceDistances();
  ForceDenseSurfaceDistances(const ForceDenseSurfaceDistances&) = delete;
  ForceDenseSurfaceDistances& operator=(const ForceDenseSurfaceDistances&) = delete;
  static bool active();
};

}  // namespace seglens
