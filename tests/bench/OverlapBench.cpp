// Overlap engine vs itk::LabelOverlapMeasuresImageFilter on 512x512x300 uint8 volumes.
#include <itkImage.h>
#include <itkLabelOverlapMeasuresImageFilter.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <memory>
#include <random>

#include "BenchHarness.h"
#include "BenchVolumes.h"
#include "OverlapEngine.h"

namespace seglens::bench {
namespace {

using ItkImage = itk::Image<std::uint8_t, 3>;

struct Inputs {
  Geometry g;
  LabelImage ref, pred;
  ItkImage::Pointer itkRef, itkPred;
};

std::vector<std::uint8_t> randomLabels(const Geometry& g, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::uint8_t> v(g.voxelCount());
  for (auto& x : v) x = std::uint8_t(rng() % 7);
  return v;
}

ItkImage::Pointer toItk(const Geometry& g, const std::vector<std::uint8_t>& v) {
  auto img = ItkImage::New();
  ItkImage::RegionType region;
  for (unsigned a = 0; a < 3; ++a) region.SetSize(a, g.size[a]);
  img->SetRegions(region);
  img->Allocate();
  std::copy(v.begin(), v.end(), img->GetBufferPointer());
  return img;
}

std::vector<Case> overlapCases() {
  auto in = std::make_shared<Inputs>();
  in->g.size = {512, 512, 300};
  std::vector<Case> cases;
  auto makeCase = [&](const std::string& name, bool adversarial) {
    Case c;
    c.name = name;
    c.target = adversarial ? "(adversarial)" : ">= 30x ITK";
    c.setup = [in, adversarial] {
      const auto a = adversarial ? randomLabels(in->g, 1) : organs(in->g, 0);
      const auto b = adversarial ? randomLabels(in->g, 2) : organs(in->g, 1);
      in->ref = LabelImage::fromRaw(in->g, a.data());
      in->pred = LabelImage::fromRaw(in->g, b.data());
      in->itkRef = toItk(in->g, a);
      in->itkPred = toItk(in->g, b);
    };
    c.ours = [in] {
      const auto counts = computeOverlap(in->ref, in->pred);
      keep(&counts);
    };
    c.baselineName = "itk::LabelOverlapMeasuresImageFilter";
    c.baseline = [in] {
      auto f = itk::LabelOverlapMeasuresImageFilter<ItkImage>::New();
      f->SetSourceImage(in->itkPred);
      f->SetTargetImage(in->itkRef);
      f->Update();
      keep(f.GetPointer());
    };
    cases.push_back(c);
  };
  makeCase("overlap+z-profile 512x512x300 6 organs", false);
  // The memory-bandwidth floor: read both buffers once, nothing else.
  Case floor;
  floor.name = "overlap floor: read both buffers only";
  floor.target = "engine within 2x of this";
  floor.ours = [in] {
    const auto& a = std::get<LabelImage::Codes8>(in->ref.codes);
    const auto& b = std::get<LabelImage::Codes8>(in->pred.codes);
    const std::uint64_t sum = tbb::parallel_reduce(
        tbb::blocked_range<std::size_t>(0, a.size(), 1 << 18), std::uint64_t(0),
        [&](const auto& r, std::uint64_t s) {
          for (std::size_t i = r.begin(); i != r.end(); ++i) s += a[i] ^ b[i];
          return s;
        },
        std::plus<>());
    keep(&sum);
  };
  cases.push_back(floor);
  makeCase("overlap+z-profile 512x512x300 random labels", true);
  cases.back().teardown = [in] { *in = Inputs{}; };
  return cases;
}

SEGLENS_BENCH_TASK("overlap", overlapCases);

}  // namespace
}  // namespace seglens::bench
