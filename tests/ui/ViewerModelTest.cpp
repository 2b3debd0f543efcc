// ViewerModel: the application state the widgets bind to.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

#include "ErrorClass.h"
#include "model/ViewerModel.h"

namespace seglens {
namespace {

std::shared_ptr<const LabelImage> labelVolume(std::uint32_t value, std::size_t n = 8) {
  Geometry g;
  g.size = {n, n, n};
  std::vector<std::uint32_t> v(g.voxelCount(), 0);
  for (std::size_t i = 0; i < v.size() / 2; ++i) v[i] = value;
  return std::make_shared<const LabelImage>(LabelImage::fromLabels(g, v.data()));
}

TEST(ViewerModel, FirstPredictionBecomesActiveAndOthersStartHidden) {
  ViewerModel m;
  QSignalSpy active(&m, &ViewerModel::activePredictionChanged);
  const int a = m.addPrediction(labelVolume(1), "/x/pred_a.nii.gz");
  const int b = m.addPrediction(labelVolume(2), "/x/pred_b.nii.gz");
  EXPECT_EQ(m.activePredictionId(), a);
  EXPECT_EQ(m.activePrediction()->name, "pred_a");
  EXPECT_TRUE(m.layer(a)->visible);
  EXPECT_FALSE(m.layer(b)->visible);
  m.setActivePrediction(b);
  EXPECT_EQ(m.activePredictionId(), b);
  EXPECT_TRUE(m.layer(b)->visible);  // activating shows it
  EXPECT_GE(active.count(), 2);
  m.removePrediction(b);
  EXPECT_EQ(m.activePredictionId(), a);
}

TEST(ViewerModel, GroundTruthIsNeverActivePrediction) {
  ViewerModel m;
  m.setGroundTruth(labelVolume(1), "gt.nii.gz");
  const int p = m.addPrediction(labelVolume(1), "p.nii.gz");
  m.setActivePrediction(m.groundTruth()->id);
  EXPECT_EQ(m.activePredictionId(), p);
}

TEST(ViewerModel, MovePredictionReorders) {
  ViewerModel m;
  const int a = m.addPrediction(labelVolume(1), "a.nii");
  const int b = m.addPrediction(labelVolume(1), "b.nii");
  const int c = m.addPrediction(labelVolume(1), "c.nii");
  m.movePrediction(c, 0);
  ASSERT_EQ(m.predictions().size(), 3u);
  EXPECT_EQ(m.predictions()[0].id, c);
  EXPECT_EQ(m.predictions()[1].id, a);
  EXPECT_EQ(m.predictions()[2].id, b);
  m.movePrediction(c, 99);  // clamped to the end
  EXPECT_EQ(m.predictions()[2].id, c);
}

TEST(ViewerModel, LabelSelectionAndVisibility) {
  ViewerModel m;
  m.setGroundTruth(labelVolume(5), "gt.nii");
  m.addPrediction(labelVolume(7), "p.nii");
  EXPECT_EQ(m.labels(), (std::vector<std::uint32_t>{5, 7}));
  QSignalSpy selected(&m, &ViewerModel::selectedLabelChanged);
  m.setSelectedLabel(7);
  m.setSelectedLabel(7);
  EXPECT_EQ(selected.count(), 1);
  m.setLabelVisible(5, false);
  EXPECT_FALSE(m.labelVisible(5));
  m.setAllLabelsVisible(true);
  EXPECT_TRUE(m.labelVisible(5));
  m.focusLabel(5);  // moves the crosshair onto a voxel of label 5 (off the UI thread)
  ASSERT_TRUE(QTest::qWaitFor([&] { return !m.focusPending(); }, 20000));
  const auto probe = m.probe(m.crosshair());
  ASSERT_TRUE(probe.gtLabel);
  EXPECT_EQ(*probe.gtLabel, 5u);
}

TEST(ViewerModel, LayoutMaximiseTogglesBack) {
  ViewerModel m;
  m.setLayout(Layout::Row1x3);
  m.toggleMaximized(ViewId::Coronal);
  EXPECT_EQ(m.layout(), Layout::Single);
  EXPECT_EQ(m.maximizedView(), ViewId::Coronal);
  m.toggleMaximized(ViewId::Coronal);
  EXPECT_EQ(m.layout(), Layout::Row1x3);
  m.setCompareMode(true);
  EXPECT_TRUE(m.compareMode());
  m.setLayout(Layout::Grid2x2);  // picking a layout leaves compare mode
  EXPECT_FALSE(m.compareMode());
}

TEST(ViewerModel, WindowLevelPresetsAndPercentiles) {
  ViewerModel m;
  auto scan = std::make_shared<ScalarImage>();
  scan->geometry.size = {10, 10, 10};
  scan->voxels.resize(1000);
  for (std::size_t i = 0; i < 1000; ++i) scan->voxels[i] = float(i);
  m.setScan(scan, "scan.nii");
  // Opening a scan sets the 1-99 percentile window.
  EXPECT_NEAR(m.windowLevel().window, 980, 2);
  EXPECT_NEAR(m.windowLevel().level, 500, 2);
  m.applyWindowPreset(1);  // CT soft tissue
  EXPECT_EQ(m.windowLevel(), (WindowLevel{400, 40}));
  m.setWindowLevel({-5, 10});  // a window is never empty or negative
  EXPECT_GT(m.windowLevel().window, 0);
}

TEST(ViewerModel, CrosshairIsClampedToTheVolume) {
  ViewerModel m;
  m.setGroundTruth(labelVolume(1, 10), "gt.nii");
  EXPECT_EQ(m.crosshair(), (Vec3{5, 5, 5}));  // centre voxel on first data
  m.setCrosshair({-100, 3, 400});
  EXPECT_EQ(m.crosshair(), (Vec3{0, 3, 9}));
  m.setCamera(ViewAxis::Axial, {3.0, 10, -4});
  m.resetViews();
  EXPECT_EQ(m.camera(ViewAxis::Axial), ViewCamera{});
  EXPECT_EQ(m.crosshair(), (Vec3{5, 5, 5}));
}

TEST(ViewerModel, ProbeReportsEveryLayer) {
  ViewerModel m;
  m.setGroundTruth(labelVolume(3, 4), "gt.nii");
  m.addPrediction(labelVolume(4, 4), "p.nii");
  const auto inside = m.probe({0, 0, 0});
  ASSERT_TRUE(inside.inside);
  EXPECT_EQ(*inside.gtLabel, 3u);
  EXPECT_EQ(*inside.predLabel, 4u);
  EXPECT_FALSE(inside.scanValue);
  EXPECT_FALSE(m.probe({-3, 0, 0}).inside);
}

TEST(ErrorClassification, AllLabelsAndOneLabel) {
  EXPECT_EQ(classifyVoxel(0, 0, 0), ErrorClass::None);
  EXPECT_EQ(classifyVoxel(2, 2, 0), ErrorClass::TruePositive);
  EXPECT_EQ(classifyVoxel(2, 3, 0), ErrorClass::FalsePositive);  // wrong structure predicted
  EXPECT_EQ(classifyVoxel(0, 3, 0), ErrorClass::FalsePositive);
  EXPECT_EQ(classifyVoxel(2, 0, 0), ErrorClass::FalseNegative);
  EXPECT_EQ(classifyVoxel(2, 3, 2), ErrorClass::FalseNegative);  // one-vs-rest for label 2
  EXPECT_EQ(classifyVoxel(3, 2, 2), ErrorClass::FalsePositive);
  EXPECT_EQ(classifyVoxel(3, 3, 2), ErrorClass::None);
}

}  // namespace
}  // namespace seglens

int main(int argc, char** argv) {
  // Jobs (focusLabel) deliver through the event loop.
  QCoreApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
