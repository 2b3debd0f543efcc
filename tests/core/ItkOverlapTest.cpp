// The overlap engine against itk::LabelOverlapMeasuresImageFilter on fixed-seed random volumes.
#include <gtest/gtest.h>
#include <itkImage.h>
#include <itkLabelOverlapMeasuresImageFilter.h>

#include <random>

#include "Metrics.h"
#include "OverlapEngine.h"
#include "TestVolumes.h"

namespace seglens {
namespace {

template <class T>
typename itk::Image<T, 3>::Pointer toItk(const Geometry& g, const std::vector<std::uint32_t>& v) {
  auto img = itk::Image<T, 3>::New();
  typename itk::Image<T, 3>::RegionType region;
  for (unsigned a = 0; a < 3; ++a) region.SetSize(a, g.size[a]);
  img->SetRegions(region);
  img->Allocate();
  for (std::size_t i = 0; i < v.size(); ++i) img->GetBufferPointer()[i] = static_cast<T>(v[i]);
  return img;
}

template <class T>
void compareWithItk(std::size_t nx, std::size_t ny, std::size_t nz, int labelCount,
                    std::uint32_t seed, std::uint32_t labelScale) {
  const Geometry g = test::grid(nx, ny, nz);
  std::mt19937 rng(seed);
  auto ref = test::randomBlobs(g, labelCount, 10, rng());
  auto pred = test::randomBlobs(g, labelCount, 10, rng());
  for (auto* v : {&ref, &pred})
    for (auto& x : *v) x *= labelScale;
  for (int i = 0; i < 200; ++i) pred[rng() % pred.size()] = (rng() % (labelCount + 1)) * labelScale;

  using ImageT = itk::Image<T, 3>;
  auto filter = itk::LabelOverlapMeasuresImageFilter<ImageT>::New();
  filter->SetSourceImage(toItk<T>(g, pred));
  filter->SetTargetImage(toItk<T>(g, ref));
  filter->Update();

  const auto counts = computeOverlap(LabelImage::fromLabels(g, ref.data()),
                                     LabelImage::fromLabels(g, pred.data()));
  const auto measures = filter->GetLabelSetMeasures();
  for (std::uint32_t label : counts.presentLabels()) {
    SCOPED_TRACE("label " + std::to_string(label));
    const auto it = measures.find(static_cast<T>(label));
    ASSERT_NE(it, measures.end());
    const auto b = counts.binary(label);
    EXPECT_EQ(b.tp, it->second.m_Intersection);
    EXPECT_EQ(b.tp + b.fp, it->second.m_Source);
    EXPECT_EQ(b.tp + b.fn, it->second.m_Target);
    EXPECT_EQ(b.tp + b.fp + b.fn, it->second.m_Union);
    const auto m = overlapMetrics(label, b, 1.0, {});
    EXPECT_NEAR(*m.dice, filter->GetMeanOverlap(static_cast<T>(label)), 1e-12);
    EXPECT_NEAR(*m.jaccard, filter->GetUnionOverlap(static_cast<T>(label)), 1e-12);
  }
}

TEST(ItkOverlap, Uint8CubeMatchesLabelOverlapMeasures) { compareWithItk<std::uint8_t>(32, 32, 32, 5, 1, 1); }
TEST(ItkOverlap, Uint8FlatMatchesLabelOverlapMeasures) { compareWithItk<std::uint8_t>(97, 61, 3, 8, 2, 1); }
TEST(ItkOverlap, Uint8ThinMatchesLabelOverlapMeasures) { compareWithItk<std::uint8_t>(5, 7, 90, 3, 3, 1); }
TEST(ItkOverlap, Uint16SparseLabelsMatchLabelOverlapMeasures) {
  compareWithItk<std::uint16_t>(40, 33, 21, 6, 4, 1000);
}
TEST(ItkOverlap, Uint16ManyLabelsMatchLabelOverlapMeasures) {
  compareWithItk<std::uint16_t>(48, 48, 24, 40, 5, 37);
}

}  // namespace
}  // namespace seglens
