// Lesion-wise metrics (issue 16): components + matching of one label on 512x512x300 with 2,000
// small lesions in each image, against itk::ConnectedComponentImageFilter run on both masks
// (components only: ITK has no matching). Same run, same threads. Target >= 5x ITK and < 0.5 s.
// Partition equality with ITK is checked in tests/core/ConnectedComponentsTest.cpp, not here.
#include <itkConnectedComponentImageFilter.h>
#include <itkImage.h>

#include <memory>
#include <random>
#include <vector>

#include "BenchHarness.h"
#include "LesionMatching.h"

namespace seglens::bench {
namespace {

using Mask = itk::Image<std::uint8_t, 3>;
using Ids = itk::Image<std::uint32_t, 3>;

struct State {
  std::unique_ptr<LabelImage> ref, pred;
  Mask::Pointer refMask, predMask;
};

// Balls of radius 1.5..3.5 voxels; the prediction moves most by a voxel, drops one in ten and
// adds one in ten elsewhere, so matching has hits, misses and false positives to sort.
void paint(const Geometry& g, std::vector<std::uint8_t>& v, long x, long y, long z, double r) {
  const long rr = long(r) + 1;
  for (long dz = -rr; dz <= rr; ++dz)
    for (long dy = -rr; dy <= rr; ++dy)
      for (long dx = -rr; dx <= rr; ++dx) {
        const long i = x + dx, j = y + dy, k = z + dz;
        if (double(dx * dx + dy * dy + dz * dz) > r * r || i < 0 || j < 0 || k < 0 ||
            i >= long(g.size[0]) || j >= long(g.size[1]) || k >= long(g.size[2]))
          continue;
        v[g.linearIndex(std::size_t(i), std::size_t(j), std::size_t(k))] = 1;
      }
}

Mask::Pointer itkMask(const Geometry& g, const std::vector<std::uint8_t>& v) {
  auto image = Mask::New();
  Mask::RegionType region;
  region.SetSize({g.size[0], g.size[1], g.size[2]});
  image->SetRegions(region);
  image->Allocate();
  std::copy(v.begin(), v.end(), image->GetBufferPointer());
  return image;
}

void setup(State& s) {
  Geometry g;
  g.size = {512, 512, 300};
  g.spacing = {0.5, 0.5, 1.0};
  std::mt19937 rng(16);
  std::vector<std::uint8_t> ref(g.voxelCount(), 0), pred(g.voxelCount(), 0);
  for (int b = 0; b < 2000; ++b) {
    const long x = long(rng() % 512), y = long(rng() % 512), z = long(rng() % 300);
    const double r = 1.5 + (rng() % 100) / 50.0;
    paint(g, ref, x, y, z, r);
    const std::uint32_t fate = rng() % 10;
    if (fate == 0) {
      paint(g, pred, long(rng() % 512), long(rng() % 512), long(rng() % 300), r);  // FP
    } else {
      paint(g, pred, x + long(fate % 3) - 1, y, z, r);  // moved by -1, 0 or 1 voxel
    }
  }
  s.ref = std::make_unique<LabelImage>(LabelImage::fromRaw(g, ref.data()));
  s.pred = std::make_unique<LabelImage>(LabelImage::fromRaw(g, pred.data()));
  s.refMask = itkMask(g, ref);
  s.predMask = itkMask(g, pred);
}

void itkComponents(const State& s) {
  for (const Mask::Pointer& m : {s.refMask, s.predMask}) {
    auto filter = itk::ConnectedComponentImageFilter<Mask, Ids>::New();
    filter->SetInput(m);
    filter->SetFullyConnected(true);  // 26, our default
    filter->Update();
    keep(filter->GetOutput()->GetBufferPointer());
  }
}

std::vector<Case> lesionCases() {
  auto s = std::make_shared<State>();
  auto makeCase = [s](const std::string& name, LesionMatch match, bool distances) {
    Case c;
    c.name = name;
    c.target = distances ? "(distances extra)" : ">= 5x ITK, < 500 ms";
    c.ours = [s, match, distances] {
      Conventions conv;
      conv.lesions = LesionOptions{};
      conv.lesions->match = match;
      conv.distances = distances;
      const LesionResult r = evaluateLesions(*s->ref, *s->pred, {1}, conv);
      keep(&r);
    };
    c.baselineName = "itk::ConnectedComponentImageFilter x2";
    c.baseline = [s] { itkComponents(*s); };
    return c;
  };
  std::vector<Case> cases{makeCase("lesions iou 512x512x300 2000 lesions", LesionMatch::Iou, false),
                          makeCase("lesions brats 512x512x300 2000 lesions", LesionMatch::Brats, false),
                          makeCase("lesions iou + voxel HD95 512x512x300", LesionMatch::Iou, true)};
  // Inputs are built once for the three cases (whichever --filter selects).
  for (Case& c : cases)
    c.setup = [s] {
      if (!s->ref) setup(*s);
    };
  cases.back().teardown = [s] {
    s->ref.reset();
    s->pred.reset();
    s->refMask = nullptr;
    s->predMask = nullptr;
  };
  return cases;
}

SEGLENS_BENCH_TASK("lesions", lesionCases);

}  // namespace
}  // namespace seglens::bench
