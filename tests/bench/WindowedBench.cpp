// Windowed Dice map vs the ITK way: box means of the TP, reference and prediction indicators.
#include <itkBoxMeanImageFilter.h>
#include <itkImage.h>

#include <cmath>
#include <limits>
#include <memory>

#include "BenchHarness.h"
#include "BenchVolumes.h"
#include "WindowedMap.h"

namespace seglens::bench {
namespace {

using FloatImage = itk::Image<float, 3>;

struct WindowInputs {
  Geometry g;
  LabelImage ref, pred;
  FloatImage::Pointer tp, inRef, inPred;
};

FloatImage::Pointer indicator(const Geometry& g, const std::vector<std::uint8_t>& a,
                              const std::vector<std::uint8_t>& b, int mode, std::uint8_t label) {
  auto img = FloatImage::New();
  FloatImage::RegionType region;
  for (unsigned ax = 0; ax < 3; ++ax) region.SetSize(ax, g.size[ax]);
  img->SetRegions(region);
  img->Allocate();
  float* out = img->GetBufferPointer();
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool r = a[i] == label, p = b[i] == label;
    out[i] = mode == 0 ? float(r && p) : (mode == 1 ? float(r) : float(p));
  }
  return img;
}

std::vector<Case> windowedCases() {
  auto in = std::make_shared<WindowInputs>();
  in->g.size = {512, 512, 300};
  in->g.spacing = {0.8, 0.8, 2.5};
  const std::uint8_t label = 3;
  const double windowMm = 10.0;
  Case c;
  c.name = "windowed Dice 10 mm, one organ, 512x512x300";
  c.target = "(no target)";
  c.setup = [in, label] {
    const auto a = organs(in->g, 0), b = organs(in->g, 1);
    in->ref = LabelImage::fromRaw(in->g, a.data());
    in->pred = LabelImage::fromRaw(in->g, b.data());
    in->tp = indicator(in->g, a, b, 0, label);
    in->inRef = indicator(in->g, a, b, 1, label);
    in->inPred = indicator(in->g, a, b, 2, label);
  };
  c.ours = [in, label, windowMm] {
    const auto map = windowedMap(in->ref, in->pred, label, LocalMetric::Dice, windowMm);
    keep(map.values.data());
  };
  c.baselineName = "3x itk::BoxMeanImageFilter + ratio";
  c.baseline = [in, windowMm] {
    const auto half = windowHalfWidth(in->g, windowMm);
    FloatImage::Pointer means[3];
    FloatImage::Pointer inputs[3] = {in->tp, in->inRef, in->inPred};
    for (int m = 0; m < 3; ++m) {
      auto f = itk::BoxMeanImageFilter<FloatImage, FloatImage>::New();
      f->SetInput(inputs[m]);
      FloatImage::SizeType radius;
      for (unsigned ax = 0; ax < 3; ++ax) radius[ax] = half[ax];
      f->SetRadius(radius);
      f->Update();
      means[m] = f->GetOutput();
    }
    std::vector<float> dice(in->g.voxelCount());
    const float *t = means[0]->GetBufferPointer(), *r = means[1]->GetBufferPointer(),
                *p = means[2]->GetBufferPointer();
    for (std::size_t i = 0; i < dice.size(); ++i)
      dice[i] = r[i] + p[i] > 0 ? 2 * t[i] / (r[i] + p[i]) : std::numeric_limits<float>::quiet_NaN();
    keep(dice.data());
  };
  c.teardown = [in] { *in = WindowInputs{}; };
  return {c};
}

SEGLENS_BENCH_TASK("windowed", windowedCases);

}  // namespace
}  // namespace seglens::bench
