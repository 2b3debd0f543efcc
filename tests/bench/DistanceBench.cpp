// Surface-distance benchmark: all distance metrics of six organ-like labels on a CT-sized grid
// vs ITK's HausdorffDistanceImageFilter run per label, and our distance transform alone vs
// ITK's SignedMaurerDistanceMapImageFilter. HD equality where the definitions coincide is
// checked in tests/core/SurfaceDistanceTest.cpp, not here.
#include <itkHausdorffDistanceImageFilter.h>
#include <itkImage.h>
#include <itkMultiThreaderBase.h>
#include <itkSignedMaurerDistanceMapImageFilter.h>
#include <tbb/global_control.h>

#include <cmath>
#include <memory>
#include <vector>

#include "BenchHarness.h"
#include "DistanceTransform.h"
#include "LabelImage.h"
#include "SurfaceDistance.h"

namespace seglens::bench {
namespace {

using Mask = itk::Image<std::uint8_t, 3>;

struct Organ {
  std::uint32_t label;
  double centre[3], axes[3];  // mm
};

// Abdominal-CT-like layout in mm on a 409.6 x 409.6 x 750 mm field of view.
const Organ kOrgans[] = {
    {1, {150, 200, 400}, {90, 70, 80}},   // liver
    {2, {290, 230, 420}, {45, 35, 55}},   // spleen
    {3, {280, 265, 320}, {30, 26, 55}},   // left kidney
    {4, {130, 265, 310}, {30, 26, 55}},   // right kidney
    {5, {205, 245, 380}, {13, 13, 220}},  // aorta
    {6, {215, 205, 395}, {60, 15, 22}},   // pancreas
};

Geometry benchGrid() {
  Geometry g;
  g.size = {512, 512, 300};
  g.spacing = {0.8, 0.8, 2.5};
  return g;
}

// Ellipsoid organs; the prediction moves, rescales and ripples each one by a few millimetres,
// as a decent model would.
std::vector<std::uint8_t> organs(const Geometry& g, bool predicted) {
  std::vector<std::uint8_t> v(g.voxelCount(), 0);
  for (const Organ& o : kOrgans) {
    double c[3], a[3];
    for (int i = 0; i < 3; ++i) {
      c[i] = o.centre[i] + (predicted ? 2.5 * std::sin(o.label * 1.7 + i) : 0.0);
      a[i] = o.axes[i] * (predicted ? 1.0 + 0.05 * std::cos(o.label * 2.3 + i) : 1.0);
    }
    std::size_t lo[3], hi[3];
    for (int i = 0; i < 3; ++i) {
      const double reach = a[i] * 1.1;
      lo[i] = std::size_t(std::max(0.0, std::floor((c[i] - reach) / g.spacing[i])));
      hi[i] = std::min(g.size[i] - 1, std::size_t(std::ceil((c[i] + reach) / g.spacing[i])));
    }
    for (std::size_t z = lo[2]; z <= hi[2]; ++z)
      for (std::size_t y = lo[1]; y <= hi[1]; ++y)
        for (std::size_t x = lo[0]; x <= hi[0]; ++x) {
          const double p[3] = {x * g.spacing[0], y * g.spacing[1], z * g.spacing[2]};
          double q = 0;
          for (int i = 0; i < 3; ++i) q += (p[i] - c[i]) * (p[i] - c[i]) / (a[i] * a[i]);
          const double ripple =
              predicted ? 1.0 + 0.04 * std::sin(0.11 * p[0]) * std::cos(0.09 * p[1] + 0.05 * p[2])
                        : 1.0;
          if (q <= ripple * ripple) v[g.linearIndex(x, y, z)] = std::uint8_t(o.label);
        }
  }
  return v;
}

Mask::Pointer itkMask(const Geometry& g, const std::vector<std::uint8_t>& labels,
                      std::uint32_t label) {
  auto image = Mask::New();
  Mask::RegionType region;
  Mask::SpacingType spacing;
  for (unsigned a = 0; a < 3; ++a) {
    region.SetSize(a, g.size[a]);
    spacing[a] = g.spacing[a];
  }
  image->SetRegions(region);
  image->SetSpacing(spacing);
  image->Allocate();
  std::uint8_t* out = image->GetBufferPointer();
  for (std::size_t i = 0; i < labels.size(); ++i)
    out[i] = label ? labels[i] == label : labels[i] != 0;
  return image;
}

// ITK gets the thread count the harness gave TBB, so both sides run on the same cores.
void matchItkThreads() {
  const auto threads =
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
  itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(static_cast<unsigned>(threads));
}

struct State {
  Geometry g = benchGrid();
  std::unique_ptr<LabelImage> ref, pred;
  std::vector<Mask::Pointer> refMasks, predMasks;
  std::vector<std::uint8_t> seeds;
  Mask::Pointer seedImage;
  std::vector<LabelMetrics> result;
  double itkHd = 0;
};

std::vector<Case> distanceCases() {
  auto s = std::make_shared<State>();
  Case metrics;
  metrics.name = "surface distances 512x512x300 6 organs";
  metrics.target = ">= 20x ITK";
  metrics.setup = [s] {
    matchItkThreads();
    const auto r = organs(s->g, false), p = organs(s->g, true);
    s->ref = std::make_unique<LabelImage>(LabelImage::fromRaw(s->g, r.data()));
    s->pred = std::make_unique<LabelImage>(LabelImage::fromRaw(s->g, p.data()));
    // Per-label masks are the baseline's input, built untimed: the ratio is conservative.
    for (const Organ& o : kOrgans) {
      s->refMasks.push_back(itkMask(s->g, r, o.label));
      s->predMasks.push_back(itkMask(s->g, p, o.label));
    }
  };
  metrics.ours = [s] {
    // Every distance metric: HD, HD95, ASSD, MASD and NSD at 1 and 2 mm, all labels.
    s->result.assign(std::size(kOrgans), LabelMetrics{});
    for (std::size_t i = 0; i < std::size(kOrgans); ++i) s->result[i].label = kOrgans[i].label;
    addSurfaceDistances(*s->ref, *s->pred, Conventions{}, s->result);
    keep(s->result.data());
  };
  metrics.baselineName = "itk::HausdorffDistanceImageFilter x6";
  metrics.baseline = [s] {
    for (std::size_t i = 0; i < s->refMasks.size(); ++i) {
      auto f = itk::HausdorffDistanceImageFilter<Mask, Mask>::New();
      f->SetInput1(s->refMasks[i]);
      f->SetInput2(s->predMasks[i]);
      f->SetUseImageSpacing(true);
      f->Update();
      s->itkHd = f->GetHausdorffDistance();
      keep(&s->itkHd);
    }
  };
  metrics.teardown = [s] {
    s->ref.reset();
    s->pred.reset();
    s->refMasks.clear();
    s->predMasks.clear();
    s->result.clear();
  };

  Case edt;
  edt.name = "distance transform 512x512x300";
  edt.target = ">= 5x ITK";
  edt.setup = [s] {
    matchItkThreads();
    s->seeds = organs(s->g, false);
    s->seedImage = itkMask(s->g, s->seeds, 0);
  };
  edt.ours = [s] {
    const auto d2 = DistanceTransform::squaredDistances(s->seeds.data(), s->g.size, s->g.spacing);
    keep(d2.data());
  };
  edt.baselineName = "itk::SignedMaurerDistanceMapImageFilter";
  edt.baseline = [s] {
    auto f = itk::SignedMaurerDistanceMapImageFilter<Mask, itk::Image<float, 3>>::New();
    f->SetInput(s->seedImage);
    f->SetUseImageSpacing(true);
    f->SetSquaredDistance(true);
    f->SetInsideIsPositive(false);
    f->Update();
    keep(f->GetOutput()->GetBufferPointer());
  };
  edt.teardown = [s] {
    s->seeds.clear();
    s->seeds.shrink_to_fit();
    s->seedImage = nullptr;
  };
  return {metrics, edt};
}

SEGLENS_BENCH_TASK("distance", distanceCases);

}  // namespace
}  // namespace seglens::bench
