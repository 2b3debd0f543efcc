// SurfaceBuilder's triangle budget: large surfaces are decimated to fit, labels keep exact values,
// small labels survive, the shape stays where it was, and surfaces under the budget are untouched.
// And the signed distance each prediction point carries to the GT surface of its label.
#include <gtest/gtest.h>
#include <vtkDataArray.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>

#include <cmath>
#include <set>

#include "render/SurfaceBuilder.h"

namespace seglens {
namespace {

// Three nested shells (labels 1-3) plus a 3x3x3 cube of label 9 in a corner.
std::shared_ptr<const LabelImage> shells(double shift = 0) {
  Geometry g;
  g.size = {150, 140, 120};
  g.spacing = {0.8, 0.8, 1.2};
  std::vector<std::uint32_t> labels(g.voxelCount(), 0);
  for (std::size_t k = 0; k < g.size[2]; ++k)
    for (std::size_t j = 0; j < g.size[1]; ++j)
      for (std::size_t i = 0; i < g.size[0]; ++i) {
        const double dx = double(i) - 75 - shift, dy = double(j) - 70, dz = double(k) - 60;
        const double r = std::sqrt(dx * dx + dy * dy + dz * dz);
        std::uint32_t v = r < 54 ? 1 + std::uint32_t(r / 18) : 0;
        if (i >= 3 && i < 6 && j >= 3 && j < 6 && k >= 3 && k < 6) v = 9;
        labels[g.linearIndex(i, j, k)] = v;
      }
  return std::make_shared<const LabelImage>(LabelImage::fromLabels(g, labels.data()));
}

std::set<float> values(vtkPolyData* surface, const char* name) {
  std::set<float> out;
  vtkDataArray* a = surface->GetPointData()->GetArray(name);
  for (vtkIdType p = 0; p < a->GetNumberOfTuples(); ++p) out.insert(float(a->GetTuple1(p)));
  return out;
}

TEST(SurfaceBuilder, DecimatesToTheBudgetAndKeepsShapeAndLabels) {
  const auto gt = shells(), pred = shells(2);
  SurfaceRequest full{pred, {}, gt, 15};
  full.maxTriangles = 0;
  const auto reference = buildSurface(full, nullptr);
  ASSERT_GT(reference->GetNumberOfPolys(), 150'000);

  SurfaceRequest budget = full;
  budget.maxTriangles = 40'000;
  const auto decimated = buildSurface(budget, nullptr);
  EXPECT_LE(decimated->GetNumberOfPolys(), 40'000);
  EXPECT_GT(decimated->GetNumberOfPolys(), 10'000);  // decimated, not wiped out

  double a[6], b[6];
  reference->GetBounds(a);
  decimated->GetBounds(b);
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(a[i], b[i], 1.5) << "bound " << i;  // mm, ~1 voxel

  // Labels stay exact (never averaged into another label's value), the small label survives,
  // and membership stays a 0/1 flag.
  EXPECT_EQ(values(decimated, "Label"), (std::set<float>{1, 2, 3, 9}));
  EXPECT_EQ(values(decimated, "Membership"), (std::set<float>{0, 1}));
  ASSERT_TRUE(decimated->GetPointData()->GetNormals());
}

TEST(SurfaceBuilder, SurfacesUnderTheBudgetAreUnchanged) {
  const auto gt = shells();
  SurfaceRequest full{gt, {9}, nullptr, 15};
  full.maxTriangles = 0;
  SurfaceRequest budget = full;
  budget.maxTriangles = 100'000;
  const auto a = buildSurface(full, nullptr), b = buildSurface(budget, nullptr);
  ASSERT_GT(a->GetNumberOfPolys(), 0);
  EXPECT_EQ(a->GetNumberOfPolys(), b->GetNumberOfPolys());
  ASSERT_EQ(a->GetNumberOfPoints(), b->GetNumberOfPoints());
  for (vtkIdType p = 0; p < a->GetNumberOfPoints(); ++p) {
    double x[3], y[3];
    a->GetPoint(p, x);
    b->GetPoint(p, y);
    for (int c = 0; c < 3; ++c) ASSERT_EQ(x[c], y[c]);
  }
}

// Concentric balls: label 1 predicted 3 voxels too large, label 2 (elsewhere) 3 voxels too
// small, label 3 absent from the GT. Every point of label 1 lies ~3 mm outside the GT surface,
// every point of label 2 ~3 mm inside, label 3 has no distance.
TEST(SurfaceBuilder, SignedDistanceToTheGtSurfaceOfTheSameLabel) {
  Geometry g;
  g.size = {90, 50, 50};
  g.spacing = {1.0, 1.0, 1.0};
  std::vector<std::uint32_t> gt(g.voxelCount(), 0), pred(g.voxelCount(), 0);
  for (std::size_t k = 0; k < g.size[2]; ++k)
    for (std::size_t j = 0; j < g.size[1]; ++j)
      for (std::size_t i = 0; i < g.size[0]; ++i) {
        const std::size_t lin = g.linearIndex(i, j, k);
        auto r = [&](double cx) {
          return std::sqrt((i - cx) * (i - cx) + (j - 25.0) * (j - 25.0) + (k - 25.0) * (k - 25.0));
        };
        if (r(22) < 10) gt[lin] = 1;
        if (r(22) < 13) pred[lin] = 1;
        if (r(62) < 13) gt[lin] = 2;
        if (r(62) < 10) pred[lin] = 2;
        if (i >= 80 && i < 86 && j < 6 && k < 6) pred[lin] = 3;
      }
  SurfaceRequest request{std::make_shared<const LabelImage>(LabelImage::fromLabels(g, pred.data())),
                         {}, nullptr, 0, 0, nullptr};  // no smoothing: the raw surface
  request.signedDistanceReference =
      std::make_shared<const LabelImage>(LabelImage::fromLabels(g, gt.data()));
  const auto surface = buildSurface(request, nullptr);
  vtkDataArray* label = surface->GetPointData()->GetArray("Label");
  vtkDataArray* distance = surface->GetPointData()->GetArray("SignedDistance");
  ASSERT_TRUE(distance);
  int counted[4] = {0, 0, 0, 0};
  double sum[4] = {0, 0, 0, 0};
  for (vtkIdType p = 0; p < surface->GetNumberOfPoints(); ++p) {
    const int l = int(label->GetTuple1(p));
    const double d = distance->GetTuple1(p);
    ASSERT_GE(l, 1);
    ASSERT_LE(l, 3);
    ++counted[l];
    if (l != 3) sum[l] += d;
    // Voxelised balls: the two staircases are 3 mm apart on average, within a voxel anywhere.
    if (l == 1) EXPECT_NEAR(d, 3.0, 1.0) << "point " << p;
    if (l == 2) EXPECT_NEAR(d, -3.0, 1.0) << "point " << p;
    if (l == 3) EXPECT_TRUE(std::isnan(d));
  }
  EXPECT_GT(counted[1], 100);
  EXPECT_GT(counted[2], 100);
  EXPECT_GT(counted[3], 10);
  // On average within a third of a voxel (the estimate is a visual aid, see SignedDistanceField).
  EXPECT_NEAR(sum[1] / counted[1], 3.0, 0.35);
  EXPECT_NEAR(sum[2] / counted[2], -3.0, 0.35);
  // Without a reference there is no distance array at all.
  request.signedDistanceReference = nullptr;
  EXPECT_FALSE(buildSurface(request, nullptr)->GetPointData()->GetArray("SignedDistance"));
}

}  // namespace
}  // namespace seglens
