// Live thresholding: what the viewer does per slider step on a 256^3 float probability map
// (re-binarise, overlap counts with the z profile, the label's metrics, and a profile along
// another axis), against the ITK way: BinaryThresholdImageFilter + LabelOverlapMeasures.
#include <itkBinaryThresholdImageFilter.h>
#include <itkImage.h>
#include <itkLabelOverlapMeasuresImageFilter.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

#include "BenchHarness.h"
#include "Metrics.h"
#include "OverlapEngine.h"

namespace seglens::bench {
namespace {

using FloatImage = itk::Image<float, 3>;
using MaskImage = itk::Image<std::uint8_t, 3>;

struct Inputs {
  Geometry g;
  LabelImage ref;
  std::shared_ptr<const std::vector<float>> prob;
  FloatImage::Pointer itkProb;
  MaskImage::Pointer itkRef;
  int step = 0;  // alternates the threshold so every run does real work
};

// Reference: an ellipsoid; probability: a soft version of a slightly shifted ellipsoid with
// noise, so thresholds between 0.3 and 0.7 give visibly different masks.
void build(Inputs& in) {
  in.g.size = {256, 256, 256};
  const std::size_t n = in.g.voxelCount();
  std::vector<std::uint8_t> ref(n);
  auto prob = std::make_shared<std::vector<float>>(n);
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> noise(-0.15f, 0.15f);
  for (std::size_t z = 0, i = 0; z < 256; ++z)
    for (std::size_t y = 0; y < 256; ++y)
      for (std::size_t x = 0; x < 256; ++x, ++i) {
        const double a = (x - 128.0) / 80, b = (y - 120.0) / 60, c = (z - 128.0) / 70;
        ref[i] = a * a + b * b + c * c <= 1 ? 1 : 0;
        const double a2 = (x - 131.0) / 82, b2 = (y - 122.0) / 58, c2 = (z - 126.0) / 72;
        const double d = std::sqrt(a2 * a2 + b2 * b2 + c2 * c2);
        const double p = 1.0 / (1.0 + std::exp((d - 1.0) * 12.0)) + noise(rng);
        (*prob)[i] = float(std::clamp(p, 0.0, 1.0));
      }
  in.ref = LabelImage::fromRaw(in.g, ref.data());
  in.prob = prob;
  auto region = [&](auto img) {
    typename std::remove_reference_t<decltype(*img)>::RegionType r;
    for (unsigned a = 0; a < 3; ++a) r.SetSize(a, in.g.size[a]);
    img->SetRegions(r);
    img->Allocate();
  };
  in.itkProb = FloatImage::New();
  region(in.itkProb);
  std::copy(prob->begin(), prob->end(), in.itkProb->GetBufferPointer());
  in.itkRef = MaskImage::New();
  region(in.itkRef);
  std::copy(ref.begin(), ref.end(), in.itkRef->GetBufferPointer());
}

double nextThreshold(Inputs& in) { return (in.step++ % 2) ? 0.6 : 0.4; }

std::vector<Case> thresholdCases() {
  auto in = std::make_shared<Inputs>();
  std::vector<Case> cases;
  Case c;
  c.name = "threshold -> overlap+z-profile 256^3 float";
  c.target = "< 50 ms";
  c.setup = [in] { build(*in); };
  c.ours = [in] {
    // As the viewer: a fresh binarised image (the shown one stays intact until this lands).
    const LabelImage pred = LabelImage::fromProbabilities(in->g, in->prob, nextThreshold(*in));
    const OverlapCounts counts = computeOverlap(in->ref, pred);
    const LabelMetrics m = overlapMetrics(1, counts.binary(1), 1.0, Conventions{});
    keep(&m);
  };
  c.baselineName = "itk::BinaryThreshold + LabelOverlapMeasures";
  c.baseline = [in] {
    const double t = nextThreshold(*in);
    auto threshold = itk::BinaryThresholdImageFilter<FloatImage, MaskImage>::New();
    threshold->SetInput(in->itkProb);
    threshold->SetLowerThreshold(float(t));
    threshold->SetUpperThreshold(1e30f);
    threshold->SetInsideValue(1);
    threshold->SetOutsideValue(0);
    auto overlap = itk::LabelOverlapMeasuresImageFilter<MaskImage>::New();
    overlap->SetSourceImage(threshold->GetOutput());
    overlap->SetTargetImage(in->itkRef);
    overlap->Update();
    const double dice = overlap->GetDiceCoefficient(1);
    keep(&dice);
  };
  cases.push_back(c);

  Case x = c;
  x.name = "threshold -> overlap+z-profile+x-profile 256^3";
  x.setup = nullptr;
  x.ours = [in] {
    // A sagittal view's profile runs along x: one more pass (sliceProfile).
    const LabelImage pred = LabelImage::fromProbabilities(in->g, in->prob, nextThreshold(*in));
    const OverlapCounts counts = computeOverlap(in->ref, pred);
    const auto profile = sliceProfile(in->ref, pred, 1, 0);
    keep(&counts);
    keep(profile.data());
  };
  x.teardown = [in] { *in = Inputs{}; };
  cases.push_back(x);
  return cases;
}

SEGLENS_BENCH_TASK("threshold", thresholdCases);

}  // namespace
}  // namespace seglens::bench
