// MetricsModel and JobSlot: the live-metrics state without any widget. Results must equal
// core's evaluatePrediction / sliceProfile / computeOverlap; stale jobs are cancelled.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QTest>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "Evaluation.h"
#include "ImageIO.h"
#include "LabelTable.h"
#include "model/JobSlot.h"
#include "model/MetricsModel.h"
#include "model/OverlapJobs.h"
#include "model/ViewerModel.h"

namespace seglens {
namespace {

// Runs the event loop until `done` holds (jobs deliver results through queued signals).
bool waitUntil(const std::function<bool()>& done, int ms = 20000) { return QTest::qWaitFor(done, ms); }

Geometry grid(std::size_t n) {
  Geometry g;
  g.size = {n, n, n};
  g.spacing = {1.0, 1.0, 2.0};
  return g;
}

// Label 1: a ball, label 2: a box in the upper half of z.
std::vector<std::uint32_t> truthLabels(const Geometry& g) {
  std::vector<std::uint32_t> v(g.voxelCount(), 0);
  for (std::size_t k = 0; k < g.size[2]; ++k)
    for (std::size_t j = 0; j < g.size[1]; ++j)
      for (std::size_t i = 0; i < g.size[0]; ++i) {
        const double x = i - 12.0, y = j - 12.0, z = (k - 10.0) * 2;
        if (x * x + y * y + z * z < 64) v[g.linearIndex(i, j, k)] = 1;
        else if (i > 20 && j > 20 && k > 14 && k < 20) v[g.linearIndex(i, j, k)] = 2;
      }
  return v;
}

// Probability of label 1: a soft ball shifted by one voxel.
std::shared_ptr<const std::vector<float>> probabilities(const Geometry& g) {
  auto p = std::make_shared<std::vector<float>>(g.voxelCount());
  for (std::size_t k = 0; k < g.size[2]; ++k)
    for (std::size_t j = 0; j < g.size[1]; ++j)
      for (std::size_t i = 0; i < g.size[0]; ++i) {
        const double x = i - 13.0, y = j - 12.0, z = (k - 10.0) * 2;
        const double d = std::sqrt(x * x + y * y + z * z);
        (*p)[g.linearIndex(i, j, k)] = float(1.0 / (1.0 + std::exp(d - 8.0)));
      }
  return p;
}

struct Case {
  Geometry g = grid(30);
  std::shared_ptr<const LabelImage> gt, pred;
  std::shared_ptr<const std::vector<float>> prob = probabilities(g);
  Case() {
    auto t = truthLabels(g);
    gt = std::make_shared<const LabelImage>(LabelImage::fromLabels(g, t.data()));
    // The prediction misses label 2's first slice and adds label 1 voxels at k = 25.
    for (std::size_t i = 0; i < t.size(); ++i) {
      const std::size_t k = i / g.sliceSize();
      if (t[i] == 2 && k == 15) t[i] = 0;
      if (k == 25 && i % 7 == 0) t[i] = 1;
    }
    pred = std::make_shared<const LabelImage>(LabelImage::fromLabels(g, t.data()));
  }
};

void loadOverlap(ViewerModel& m, int id) {
  m.setOverlap(id, std::make_shared<const OverlapCounts>(
                       computeOverlap(*m.groundTruth()->image, *m.layer(id)->image)));
}

// The case's GT and prediction in a viewer model with its metrics model, overlap counts loaded.
struct Loaded {
  Case c;
  ViewerModel m;
  MetricsModel metrics{m};
  int id = 0;
  Loaded() {
    m.setGroundTruth(c.gt, "gt.nii.gz");
    id = m.addPrediction(c.pred, "pred.nii.gz");
    loadOverlap(m, id);
  }
};

TEST(JobSlot, StaleRequestIsCancelledAndOnlyTheLatestDelivered) {
  QObject context;
  JobSlot<int> job(&context);
  std::atomic<bool> firstStarted{false};
  std::vector<int> delivered;
  job.request(
      [&](Progress& token) {
        firstStarted = true;
        // Long work that honours the token, as core computations do.
        for (int i = 0; i < 10000; ++i) {
          checkCancelled(&token);
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return 1;
      },
      [&](int v) { delivered.push_back(v); });
  ASSERT_TRUE(waitUntil([&] { return firstStarted.load(); }));
  job.request([](Progress&) { return 2; }, [&](int v) { delivered.push_back(v); });
  job.request([](Progress&) { return 3; }, [&](int v) { delivered.push_back(v); });
  ASSERT_TRUE(waitUntil([&] { return !job.busy(); }));
  EXPECT_EQ(delivered, std::vector<int>{3});  // 1 cancelled, 2 replaced before it ran
  EXPECT_EQ(job.state().cancelled, 1);
  EXPECT_EQ(job.state().started, 2);
  EXPECT_EQ(job.state().completed, 1);
}

TEST(MetricsModel, RowsEqualCoreEvaluationAndDistancesFillIn) {
  Loaded l;
  // References, not a structured binding: C++17 lambdas cannot capture those.
  Case& c = l.c;
  ViewerModel& m = l.m;
  MetricsModel& metrics = l.metrics;
  const int id = l.id;
  EvalOptions options;
  options.conventions.distances = false;
  const auto fast = evaluatePrediction(*c.gt, *c.pred, "pred", m.labelTable(), options);
  auto rows = metrics.rows();
  ASSERT_EQ(rows.size(), fast.labels.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].label, fast.labels[i].label);
    EXPECT_EQ(rows[i].metrics.dice, fast.labels[i].dice);
    EXPECT_EQ(rows[i].metrics.specificity, fast.labels[i].specificity);
    EXPECT_TRUE(rows[i].distancesPending);
  }
  ASSERT_TRUE(waitUntil([&] { return metrics.distancesReady(id); }));
  options.conventions.distances = true;
  const auto full = evaluatePrediction(*c.gt, *c.pred, "pred", m.labelTable(), options);
  rows = metrics.rows();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_FALSE(rows[i].distancesPending);
    EXPECT_EQ(rows[i].metrics.hd95, full.labels[i].hd95);
    EXPECT_EQ(rows[i].metrics.assd, full.labels[i].assd);
  }
  metrics.setScope(MetricsScope::Mean);
  rows = metrics.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].metrics.dice, full.mean.dice);
  EXPECT_EQ(rows[0].metrics.hd95, full.mean.hd95);
  // A selected label absent from both scores by the convention (Metrics Reloaded: 1).
  metrics.setScope(MetricsScope::SelectedLabel);
  m.setSelectedLabel(9);
  rows = metrics.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].metrics.dice, 1.0);
  EXPECT_TRUE(rows[0].metrics.emptyBoth);
  const auto summary = metrics.summary();
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0].meanDice, full.mean.dice);
}

TEST(MetricsModel, ProfileFollowsCoreWithGapsAndWorstSlices) {
  Loaded l;
  // References, not a structured binding: C++17 lambdas cannot capture those.
  Case& c = l.c;
  ViewerModel& m = l.m;
  MetricsModel& metrics = l.metrics;
  const int id = l.id;
  m.setSelectedLabel(2);
  ASSERT_TRUE(waitUntil([&] { return !metrics.profiles().empty() && !metrics.busy(); }));
  const auto expected = sliceProfile(*c.gt, *c.pred, 2, 2);
  const auto& p = metrics.profiles().front();
  ASSERT_EQ(p.slices.size(), expected.size());  // axial view slices run along +k here
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(p.slices[k].tp, expected[k].tp);
    EXPECT_EQ(p.slices[k].ref, expected[k].ref);
  }
  EXPECT_FALSE(MetricsModel::sliceValue(p.slices[5], ProfileMetric::Dice));  // a gap, not 0
  EXPECT_EQ(MetricsModel::sliceValue(p.slices[15], ProfileMetric::Dice), 0.0);
  EXPECT_EQ(MetricsModel::sliceValue(p.slices[16], ProfileMetric::Dice), 1.0);
  const auto worst = metrics.worstSlices(3);
  ASSERT_FALSE(worst.empty());
  EXPECT_EQ(worst.front().slice, 15);
  metrics.goToSlice(17);
  EXPECT_EQ(metrics.currentProfileSlice(), 17);
  EXPECT_EQ(std::lround(m.referenceGeometry()->physicalToIndex(m.crosshair())[2]), 17);
}

TEST(MetricsModel, ThresholdReplacesPredictionWithEngineCounts) {
  Case c;
  ViewerModel m;
  MetricsModel metrics(m);
  m.setGroundTruth(c.gt, "gt.nii.gz");
  const int id = m.addPrediction(
      std::make_shared<const LabelImage>(LabelImage::fromProbabilities(c.g, c.prob, 0.5)), "prob.nii.gz");
  loadOverlap(m, id);
  ASSERT_EQ(metrics.thresholdPrediction(), id);
  for (double t : {0.2, 0.4, 0.6, 0.8}) metrics.setThreshold(id, t);  // a drag: latest wins
  ASSERT_TRUE(waitUntil([&] { return !metrics.busy() && metrics.appliedThreshold(id) == 0.8; }));
  EXPECT_GE(metrics.thresholdJob().cancelled, 1);
  EXPECT_EQ(metrics.thresholdJob().completed, 1);
  const LabelImage engine = LabelImage::fromProbabilities(c.g, c.prob, 0.8);
  const auto counts = computeOverlap(*c.gt, engine);
  const auto expected = overlapMetrics(1, counts.binary(1), counts.voxelVolume, Conventions{});
  metrics.setScope(MetricsScope::AllLabels);
  const auto rows = metrics.rows();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0].label, 1u);
  EXPECT_EQ(rows[0].metrics.dice, expected.dice);
  const ThresholdCurve* curve = metrics.thresholdCurve(id);
  ASSERT_TRUE(curve);
  EXPECT_EQ(curve->points[80].dice, expected.dice);  // the curve agrees with the engine
}

// Issue 11, item 7: the table before the distances land is the full evaluation without its
// distance columns (same labels, same values), for a probability map too.
TEST(MetricsModel, QuickEvaluationOfAProbabilityMapEqualsTheFullOne) {
  Case c;
  ViewerModel m;
  MetricsModel metrics(m);
  m.setGroundTruth(c.gt, "gt.nii.gz");
  auto prob = std::make_shared<const LabelImage>(LabelImage::fromProbabilities(c.g, c.prob, 0.5));
  const int id = m.addPrediction(prob, "prob.nii.gz");
  loadOverlap(m, id);
  EvalOptions options;
  const auto full = evaluatePrediction(*c.gt, *prob, "prob", m.labelTable(), options);
  auto check = [&](bool distances) {
    const auto rows = metrics.rows();
    ASSERT_EQ(rows.size(), full.labels.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].label, full.labels[i].label);
      EXPECT_EQ(rows[i].metrics.dice, full.labels[i].dice);
      EXPECT_EQ(rows[i].metrics.softDice, full.labels[i].softDice);
      EXPECT_EQ(rows[i].metrics.specificity, full.labels[i].specificity);
      EXPECT_EQ(rows[i].distancesPending, !distances);
      if (distances) EXPECT_EQ(rows[i].metrics.hd95, full.labels[i].hd95);
    }
    ASSERT_TRUE(metrics.evaluation(id));
    EXPECT_EQ(metrics.evaluation(id)->mean.dice, full.mean.dice);
    EXPECT_EQ(metrics.evaluation(id)->meanCount, full.meanCount);
  };
  check(false);
  ASSERT_TRUE(waitUntil([&] { return metrics.distancesReady(id); }));
  check(true);
}

// Issue 11, item 8: a threshold job still running when the GT is replaced must not install its
// counts against the old GT; the map ends thresholded and scored against the new GT.
TEST(MetricsModel, ThresholdJobOutlivedByItsGroundTruthIsDropped) {
  Case c;
  ViewerModel m;
  MetricsModel metrics(m);
  m.setGroundTruth(c.gt, "gt.nii.gz");
  const int id = m.addPrediction(
      std::make_shared<const LabelImage>(LabelImage::fromProbabilities(c.g, c.prob, 0.5)), "prob.nii.gz");
  loadOverlap(m, id);
  // The first job waits in the hook until the GT has been replaced on this thread.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> jobs{0};
  metrics.setThresholdJobHook([&jobs, released] {
    if (jobs++ == 0) released.wait();
  });
  struct Release {  // never leave the worker blocked, even when an assertion returns early
    std::promise<void>& p;
    bool done = false;
    void operator()() {
      if (!done) p.set_value();
      done = true;
    }
    ~Release() { (*this)(); }
  } unblock{release};
  metrics.setThreshold(id, 0.8);
  ASSERT_TRUE(waitUntil([&] { return jobs.load() == 1; }));
  m.setGroundTruth(c.pred, "other_gt.nii.gz");
  loadOverlap(m, id);  // as OverlapJobs would, for the map still shown at 0.5
  unblock();
  ASSERT_TRUE(waitUntil([&] { return !metrics.busy() && metrics.appliedThreshold(id) == 0.8; }));
  const LabelImage thresholded = LabelImage::fromProbabilities(c.g, c.prob, 0.8);
  const auto expected = computeOverlap(*c.pred, thresholded);
  const auto counts = m.overlap(id);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->joint, expected.joint);
  EXPECT_EQ(counts->refValues, expected.refValues);
  const auto rows = metrics.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].metrics.dice,
            overlapMetrics(1, expected.binary(1), expected.voxelVolume, Conventions{}).dice);
  EXPECT_GE(jobs.load(), 2);  // the stale job was redone against the new GT
}

TEST(MetricsModel, LocalMapLandsInViewerModel) {
  Loaded l;
  // References, not a structured binding: C++17 lambdas cannot capture those.
  Case& c = l.c;
  ViewerModel& m = l.m;
  MetricsModel& metrics = l.metrics;
  const int id = l.id;
  m.setSelectedLabel(1);
  metrics.setLocalWindowMm(4);
  metrics.setLocalMapEnabled(true);
  ASSERT_TRUE(waitUntil([&] { return m.metricMap() != nullptr && !metrics.busy(); }));
  const auto expected = windowedMap(*c.gt, *c.pred, 1, LocalMetric::Dice, 4);
  const Vec3 centre = c.g.indexToPhysical(12, 12, 10);
  ASSERT_TRUE(metrics.localValueAt(centre));
  EXPECT_FLOAT_EQ(float(*metrics.localValueAt(centre)), expected.values[c.g.linearIndex(12, 12, 10)]);
  EXPECT_FALSE(metrics.localValueAt(c.g.indexToPhysical(0, 29, 0)));  // NaN: transparent
  metrics.setLocalMapEnabled(false);
  EXPECT_EQ(m.metricMap(), nullptr);
}

// Issue 12: the analysis cache follows every input. Each change below must replace the numbers
// the panel reads with those of core on the new inputs (never the old ones, never a mix).
struct LiveCase {
  Case c;
  ViewerModel m;
  OverlapJobs overlaps{&m};
  MetricsModel metrics{m};
  int id = 0;
  LiveCase() {
    m.setGroundTruth(c.gt, "gt.nii.gz");
    id = m.addPrediction(c.pred, "pred.nii.gz");
  }
  // Waits until every job has settled and returns the label-1 Dice the table shows.
  double dice1() {
    EXPECT_TRUE(waitUntil([&] {
      return !overlaps.busy() && !metrics.busy() && metrics.evaluation(id) && metrics.distancesReady(id);
    }));
    for (const auto& r : metrics.rows())
      if (r.label == 1) return r.metrics.dice.value_or(-1);
    return -2;
  }
};

double coreDice1(const LabelImage& gt, const LabelImage& pred) {
  EvalOptions options;
  for (const auto& m : evaluatePrediction(gt, pred, "p", LabelTable(), options).labels)
    if (m.label == 1) return m.dice.value_or(-1);
  return -2;
}

std::shared_ptr<const LabelImage> shifted(const Case& c, std::size_t by) {
  std::vector<std::uint32_t> v(c.g.voxelCount(), 0);
  for (std::size_t k = 0; k < c.g.size[2]; ++k)
    for (std::size_t j = 0; j < c.g.size[1]; ++j)
      for (std::size_t i = by; i < c.g.size[0]; ++i)
        v[c.g.linearIndex(i, j, k)] = c.gt->labelAt(c.g.linearIndex(i - by, j, k));
  return std::make_shared<const LabelImage>(LabelImage::fromLabels(c.g, v.data()));
}

TEST(AnalysisCache, ReplacingTheGroundTruthRecomputesEverything) {
  LiveCase l;
  EXPECT_DOUBLE_EQ(l.dice1(), coreDice1(*l.c.gt, *l.c.pred));
  auto gt2 = shifted(l.c, 2);
  l.m.setGroundTruth(gt2, "gt2.nii.gz");
  EXPECT_DOUBLE_EQ(l.dice1(), coreDice1(*gt2, *l.c.pred));
  const auto full = evaluatePrediction(*gt2, *l.c.pred, "p", LabelTable(), EvalOptions{});
  EXPECT_EQ(l.metrics.evaluation(l.id)->labels.front().hd95, full.labels.front().hd95);
}

TEST(AnalysisCache, ReplacingThePredictionRecomputesEverything) {
  LiveCase l;
  l.dice1();
  auto pred2 = shifted(l.c, 3);
  l.m.replacePrediction(l.id, pred2, nullptr);
  EXPECT_DOUBLE_EQ(l.dice1(), coreDice1(*l.c.gt, *pred2));
  const auto full = evaluatePrediction(*l.c.gt, *pred2, "p", LabelTable(), EvalOptions{});
  EXPECT_EQ(l.metrics.evaluation(l.id)->labels.front().hd95, full.labels.front().hd95);
}

TEST(AnalysisCache, ANewLabelTableRenamesTheRows) {
  LiveCase l;
  l.dice1();
  LabelTable table;
  table.set({1, "Ball", {255, 0, 0}});
  l.m.setLabelTable(table, "labels.txt");
  ASSERT_TRUE(waitUntil([&] { return !l.metrics.busy(); }));
  bool found = false;
  for (const auto& r : l.metrics.rows())
    if (r.label == 1) {
      found = true;
      EXPECT_EQ(r.labelName.toStdString(), "Ball");
    }
  EXPECT_TRUE(found);
}

// Issue 14: the panel's surface definition switch recomputes the distances under it, equal to
// `eval --surface surfel` (core) on the same inputs.
TEST(AnalysisCache, TheSurfaceDefinitionSwitchRecomputesTheDistances) {
  LiveCase l;
  l.dice1();
  l.metrics.setSurfaceDefinition(SurfaceDefinition::Surfel);
  EXPECT_FALSE(l.metrics.distancesReady(l.id));  // the voxel distances no longer count
  l.dice1();
  EvalOptions options;
  options.conventions.surface = SurfaceDefinition::Surfel;
  const auto core = evaluatePrediction(*l.c.gt, *l.c.pred, "p", LabelTable(), options);
  const auto& shown = l.metrics.evaluation(l.id)->labels.front();
  ASSERT_TRUE(shown.surfelHd95.has_value());
  EXPECT_EQ(shown.surfelHd95, core.labels.front().surfelHd95);
  EXPECT_EQ(shown.surfelMasd, core.labels.front().surfelMasd);
}

// Issue 15, item 8: a probability map scores one label; the summary's means of the label maps
// are then over that label only, so the "better" mark compares like with like.
TEST(MetricsModel, SummaryMeansAreOverTheLabelsEveryPredictionEvaluates) {
  LiveCase l;
  const int prob = l.m.addPrediction(
      std::make_shared<const LabelImage>(LabelImage::fromProbabilities(l.c.g, l.c.prob, 0.5)), "prob.nii.gz");
  l.dice1();
  ASSERT_TRUE(waitUntil([&] { return !l.overlaps.busy() && !l.metrics.busy() && l.metrics.evaluation(prob); }));
  const auto summary = l.metrics.summary();
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_TRUE(summary[0].restricted);  // the label map evaluates labels 1 and 2
  EXPECT_EQ(summary[0].meanLabels, 1u);
  EXPECT_DOUBLE_EQ(*summary[0].meanDice, coreDice1(*l.c.gt, *l.c.pred));
  EXPECT_FALSE(summary[1].restricted);
}

TEST(AnalysisCache, AThresholdStepRecomputesTheCountsOfTheNewMask) {
  Case c;
  ViewerModel m;
  OverlapJobs overlaps(&m);
  MetricsModel metrics(m);
  m.setGroundTruth(c.gt, "gt.nii.gz");
  const int id = m.addPrediction(
      std::make_shared<const LabelImage>(LabelImage::fromProbabilities(c.g, c.prob, 0.5)), "prob.nii.gz");
  metrics.setThreshold(id, 0.8);
  ASSERT_TRUE(waitUntil([&] {
    return !overlaps.busy() && !metrics.busy() && m.layer(id)->image->threshold == 0.8 && m.overlap(id);
  }));
  const LabelImage expected = LabelImage::fromProbabilities(c.g, c.prob, 0.8);
  EXPECT_DOUBLE_EQ(*metrics.evaluation(id)->labels.front().dice,
                   *evaluatePrediction(*c.gt, expected, "p", LabelTable(), EvalOptions{}).labels.front().dice);
}

}  // namespace
}  // namespace seglens

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
