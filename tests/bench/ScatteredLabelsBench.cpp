// Surface distances of 4,000 labels scattered over 40,000 voxels (issue 11): every label's box
// is the whole image, so the dense path (a transform per label on its box) costs labels x
// voxels. The baseline is our own dense path, forced in the same run; equality of the two is
// checked in tests/core/SparseSurfaceDistanceTest.cpp, not here.
#include <memory>
#include <random>
#include <vector>

#include "BenchHarness.h"
#include "OverlapEngine.h"
#include "SparseSurfaceDistance.h"
#include "SurfaceDistance.h"

namespace seglens::bench {
namespace {

struct State {
  std::unique_ptr<LabelImage> ref, pred;
  std::vector<LabelMetrics> labels;  // label and counts, as the evaluation passes them
  std::vector<LabelMetrics> result;
};

void run(State& s) {
  s.result = s.labels;
  addSurfaceDistances(*s.ref, *s.pred, Conventions{}, s.result);
  keep(s.result.data());
}

std::vector<Case> scatteredCases() {
  auto s = std::make_shared<State>();
  Case c;
  c.name = "surface distances 40x40x25 4000 scattered labels";
  c.target = ">= 10x dense";
  c.setup = [s] {
    Geometry g;
    g.size = {40, 40, 25};
    g.spacing = {0.8, 0.8, 2.5};
    std::mt19937 rng(11);
    std::vector<std::uint32_t> r(g.voxelCount()), p(g.voxelCount());
    for (std::size_t i = 0; i < r.size(); ++i) {
      r[i] = 1 + rng() % 4000;
      const std::uint32_t k = rng() % 10;
      p[i] = k < 7 ? r[i] : k < 9 ? 1 + rng() % 4000 : 0;
    }
    s->ref = std::make_unique<LabelImage>(LabelImage::fromLabels(g, r.data()));
    s->pred = std::make_unique<LabelImage>(LabelImage::fromLabels(g, p.data()));
    const OverlapCounts counts = computeOverlap(*s->ref, *s->pred);
    for (std::uint32_t label : counts.presentLabels()) {
      LabelMetrics m;
      m.label = label;
      m.counts = counts.binary(label);
      s->labels.push_back(m);
    }
  };
  c.ours = [s] { run(*s); };
  c.baselineName = "dense path (ForceDenseSurfaceDistances)";
  c.baseline = [s] {
    const ForceDenseSurfaceDistances force;
    run(*s);
  };
  c.teardown = [s] {
    s->ref.reset();
    s->pred.reset();
    s->labels.clear();
    s->result.clear();
  };
  return {c};
}

SEGLENS_BENCH_TASK("scattered", scatteredCases);

}  // namespace
}  // namespace seglens::bench
