#pragma once
// Signed Euclidean distance in mm to a region, on a box of voxels: the 3D view colours a
// prediction's surface by it (how far, and on which side of the GT surface, each point lies).
//
// Convention: at a voxel centre outside the region, +(distance to the nearest region voxel
// centre minus half a voxel along that line's main axis); inside, the same towards the nearest
// voxel outside, negated. Two neighbours across the region's edge along x hold -sx/2 and +sx/2,
// so the trilinear sample is 0 half-way between them, where the label surface (an iso-surface
// between voxel centres) lies, and further out the values approximate the distance to that
// surface (within a fraction of a voxel at staircase corners). Positive = outside the region
// (for a prediction: over-segmentation), negative = inside.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace seglens {

class SignedDistanceField {
 public:
  using Size = std::array<std::size_t, 3>;
  using Spacing = std::array<double, 3>;

  // `inside` has size[0]*size[1]*size[2] entries, x fastest (non-zero: in the region). Voxels
  // beyond the box count as outside, so a box with a one-voxel margin around the region gives
  // exact distances. Without any region voxel every value is NaN.
  static SignedDistanceField compute(const std::vector<std::uint8_t>& inside, const Size& size,
                                     const Spacing& spacing);

  // Value at a voxel centre of the box.
  float at(std::size_t i, std::size_t j, std::size_t k) const {
    return values_[(k * size_[1] + j) * size_[0] + i];
  }
  // Trilinear between voxel centres at a continuous box index, clamped to the box.
  double sample(double x, double y, double z) const;
  bool empty() const { return empty_; }

 private:
  Size size_{};
  std::vector<float> values_;
  bool empty_ = true;
};

}  // namespace seglens
