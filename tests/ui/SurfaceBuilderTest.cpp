// SurfaceBuilder's triangle budget: large surfaces are decimated to fit, labels keep exact values,
// small labels survive, the shape stays where it was, and surfaces under the budget are untouched.
#include <gtest/gtest.h>
#include <vtkDataArray.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>

#include <cmath>
#include <set>

#include "SurfaceBuilder.h"

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

}  // namespace
}  // namespace seglens
