// Orientation: the same anatomical point must land on the same screen position whatever the
// file's index order, flips and spacing, because views slice in patient (LPS) space.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "LabelImage.h"
#include "model/ViewGeometry.h"

namespace seglens {
namespace {

struct Volume {
  Geometry g;
  std::vector<std::uint32_t> labels;
};

// Canonical: identity direction, anisotropic spacing. Label 1 on the patient's right (small
// LPS x), label 2 on the patient's left, both anterior-superior.
Volume canonical() {
  Volume v;
  v.g.size = {20, 30, 10};
  v.g.spacing = {1.0, 1.5, 2.0};
  v.g.origin = {-10, -20, -5};
  v.labels.assign(v.g.voxelCount(), 0);
  v.labels[v.g.linearIndex(3, 4, 7)] = 1;
  v.labels[v.g.linearIndex(15, 4, 7)] = 2;
  return v;
}

// The same anatomy stored with permuted and flipped index axes: a runs anterior (-y), b runs
// superior (+z), c runs right (-x). Canonical (i, j, k) = (19 - c, 29 - a, b).
Volume permuted(const Volume& can) {
  Volume v;
  v.g.size = {30, 10, 20};
  v.g.spacing = {1.5, 2.0, 1.0};
  v.g.direction = {0, 0, -1,   // x row: c -> -x
                   -1, 0, 0,   // y row: a -> -y
                   0, 1, 0};   // z row: b -> +z
  v.g.origin = can.g.indexToPhysical(19, 29, 0);
  v.labels.assign(v.g.voxelCount(), 0);
  for (std::size_t a = 0; a < 30; ++a)
    for (std::size_t b = 0; b < 10; ++b)
      for (std::size_t c = 0; c < 20; ++c)
        v.labels[v.g.linearIndex(a, b, c)] = can.labels[can.g.linearIndex(19 - c, 29 - a, b)];
  return v;
}

// Screen position (mm) of the pixel showing `label` on the slice through `p`.
std::optional<std::array<double, 2>> screenPosition(const Volume& v, ViewAxis axis,
                                                    Convention convention, const Vec3& p,
                                                    std::uint32_t label) {
  const SliceGrid grid = makeSliceGrid(v.g, axis, convention);
  std::vector<std::int32_t> map;
  computeIndexMap(v.g, grid, grid.sliceOf(p), map);
  for (int y = 0; y < grid.height; ++y)
    for (int x = 0; x < grid.width; ++x) {
      const std::int32_t i = map[std::size_t(y) * std::size_t(grid.width) + std::size_t(x)];
      if (i >= 0 && v.labels[std::size_t(i)] == label)
        return std::array<double, 2>{grid.x0 + x * grid.dx, grid.y0 + y * grid.dy};
    }
  return std::nullopt;
}

TEST(Orientation, PermutedFlippedVolumeShowsAnatomyAtTheSamePlace) {
  const Volume a = canonical();
  const Volume b = permuted(a);
  const Vec3 right = a.g.indexToPhysical(3, 4, 7);
  ASSERT_EQ(b.labels[b.g.linearIndex(25, 7, 16)], 1u);  // the construction itself
  for (ViewAxis axis : {ViewAxis::Axial, ViewAxis::Coronal, ViewAxis::Sagittal}) {
    for (Convention c : {Convention::Radiological, Convention::Neurological}) {
      const SliceGrid ga = makeSliceGrid(a.g, axis, c), gb = makeSliceGrid(b.g, axis, c);
      EXPECT_EQ(ga.width, gb.width);
      EXPECT_EQ(ga.height, gb.height);
      EXPECT_EQ(ga.sliceCount, gb.sliceCount);
      for (std::uint32_t label : {1u, 2u}) {
        const auto pa = screenPosition(a, axis, c, right, label);
        const auto pb = screenPosition(b, axis, c, right, label);
        if (axis == ViewAxis::Sagittal && label == 2) continue;  // not on this sagittal slice
        ASSERT_TRUE(pa && pb) << viewAxisName(axis) << " label " << label;
        EXPECT_NEAR((*pa)[0], (*pb)[0], 1e-6) << viewAxisName(axis);
        EXPECT_NEAR((*pa)[1], (*pb)[1], 1e-6) << viewAxisName(axis);
      }
    }
  }
}

TEST(Orientation, RadiologicalPutsPatientRightOnScreenLeft) {
  for (const Volume& v : {canonical(), permuted(canonical())}) {
    const Vec3 p = canonical().g.indexToPhysical(3, 4, 7);
    for (ViewAxis axis : {ViewAxis::Axial, ViewAxis::Coronal}) {
      const auto r = screenPosition(v, axis, Convention::Radiological, p, 1);
      const auto l = screenPosition(v, axis, Convention::Radiological, p, 2);
      ASSERT_TRUE(r && l);
      EXPECT_LT((*r)[0], (*l)[0]) << viewAxisName(axis);  // right structure on the left
      const auto rn = screenPosition(v, axis, Convention::Neurological, p, 1);
      const auto ln = screenPosition(v, axis, Convention::Neurological, p, 2);
      EXPECT_GT((*rn)[0], (*ln)[0]) << viewAxisName(axis);
    }
  }
}

TEST(Orientation, EdgeLetters) {
  const PlaneAxes axial = planeAxes(ViewAxis::Axial, Convention::Radiological);
  EXPECT_EQ(directionLetter(axial.right), "L");
  EXPECT_EQ(directionLetter(axial.up), "A");
  const PlaneAxes neuro = planeAxes(ViewAxis::Coronal, Convention::Neurological);
  EXPECT_EQ(directionLetter(neuro.right), "R");
  EXPECT_EQ(directionLetter(neuro.up), "S");
  const PlaneAxes sag = planeAxes(ViewAxis::Sagittal, Convention::Radiological);
  EXPECT_EQ(directionLetter(sag.right), "P");
}

TEST(Orientation, ObliqueGridStillSamplesEveryVoxelNearItsPlace) {
  // 30 degrees about z: nearest-neighbour sampling, so the marker appears within one pixel of
  // its physical position.
  Volume v = canonical();
  const double c = std::cos(0.5235987755982988), s = std::sin(0.5235987755982988);
  v.g.direction = {c, -s, 0, s, c, 0, 0, 0, 1};
  const Vec3 p = v.g.indexToPhysical(3, 4, 7);
  const auto pos = screenPosition(v, ViewAxis::Axial, Convention::Radiological, p, 1);
  ASSERT_TRUE(pos);
  const PlaneAxes axes = planeAxes(ViewAxis::Axial, Convention::Radiological);
  EXPECT_NEAR((*pos)[0], dot(p, axes.right), 1.6);
  EXPECT_NEAR((*pos)[1], dot(p, axes.up), 1.6);
}

}  // namespace
}  // namespace seglens
