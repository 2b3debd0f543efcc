// Live metrics in the real main window under xvfb-run, on a small synthetic case with a
// probability-map prediction: the threshold slider drives the panel to the engine's value,
// clicking the profile plot moves the slice, a stale threshold job is cancelled, the profile
// chart renders to PNG.
#include <QCheckBox>
#include <QDir>
#include <QImage>
#include <QListWidget>
#include <QSignalSpy>
#include <QSlider>
#include <QSurfaceFormat>
#include <QTableWidget>
#include <QVTKOpenGLNativeWidget.h>
#include <QtTest>
#include <cmath>
#include <vtkRenderWindow.h>

#include "widgets/ConfusionMatrixWidget.h"
#include "widgets/MainWindow.h"
#include "model/MetricsModel.h"
#include "widgets/MetricsPanel.h"
#include "widgets/ProfileWidget.h"
#include "widgets/ThresholdWidget.h"
#include "TestSettings.h"

namespace seglens {

class LiveMetricsTest : public QObject {
  Q_OBJECT
 private:
  std::unique_ptr<MainWindow> window_;
  Geometry g_;
  std::shared_ptr<const LabelImage> gt_;
  std::shared_ptr<const std::vector<float>> prob_;
  int probId_ = 0, labelsId_ = 0;

  void waitIdle() {
    QSignalSpy idle(window_.get(), &MainWindow::idle);
    window_->notifyWhenIdle();
    QVERIFY(idle.wait(60000));
  }

  // The panel's Dice cell of the row (prediction, label), as shown.
  QString panelDice(const QString& prediction) {
    QTableWidget* t = window_->metricsPanel().table();
    const int dice = window_->metricsPanel().column("dice");
    for (int r = 0; r < t->rowCount(); ++r)
      if (t->item(r, 0)->text() == prediction && t->item(r, 1)->text().endsWith("(1)"))
        return t->item(r, dice)->text();
    return {};
  }

 private Q_SLOTS:
  void initTestCase() {
    g_.size = {40, 36, 32};
    g_.spacing = {1.0, 1.2, 1.5};
    std::vector<std::uint32_t> labels(g_.voxelCount(), 0);
    auto prob = std::make_shared<std::vector<float>>(g_.voxelCount());
    for (std::size_t k = 0; k < g_.size[2]; ++k)
      for (std::size_t j = 0; j < g_.size[1]; ++j)
        for (std::size_t i = 0; i < g_.size[0]; ++i) {
          const double x = i - 20.0, y = (j - 18.0) * 1.2, z = (k - 12.0) * 1.5;
          const std::size_t lin = g_.linearIndex(i, j, k);
          if (x * x + y * y + z * z < 100) labels[lin] = 1;
          else if (i < 8 && j < 8 && k > 20) labels[lin] = 2;
          const double d = std::sqrt((x - 1.5) * (x - 1.5) + y * y + z * z);
          (*prob)[lin] = float(1.0 / (1.0 + std::exp((d - 10.0) * 0.8)));
        }
    gt_ = std::make_shared<const LabelImage>(LabelImage::fromLabels(g_, labels.data()));
    prob_ = prob;
    for (auto& v : labels) v = v == 2 ? 1 : v;  // a label-map prediction that confuses 2 with 1
    window_ = std::make_unique<MainWindow>();
    window_->resize(1400, 950);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    ViewerModel& m = window_->model();
    m.setGroundTruth(gt_, "gt.nii.gz");
    probId_ = m.addPrediction(
        std::make_shared<const LabelImage>(LabelImage::fromProbabilities(g_, prob_, 0.5)), "prob.nii.gz");
    labelsId_ = m.addPrediction(
        std::make_shared<const LabelImage>(LabelImage::fromLabels(g_, labels.data())), "merged.nii.gz");
    m.setActivePrediction(probId_);
    m.setSelectedLabel(1);
    waitIdle();
  }

  void thresholdSliderUpdatesPanelToEngineValue() {
    ThresholdWidget* tw = window_->metricsPanel().thresholdWidget();
    QVERIFY(tw->isVisible());
    for (int v : {450, 400, 350, 300}) tw->slider()->setValue(v);  // a drag
    waitIdle();
    MetricsModel& metrics = window_->metrics();
    QCOMPARE(metrics.appliedThreshold(probId_), 0.3);
    const LabelImage engine = LabelImage::fromProbabilities(g_, prob_, 0.3);
    const auto counts = computeOverlap(*gt_, engine);
    const auto expected = overlapMetrics(1, counts.binary(1), counts.voxelVolume, Conventions{});
    QVERIFY(expected.dice);
    QCOMPARE(panelDice("prob"), QString::number(*expected.dice, 'f', 4));
    // The stale requests of the drag were cancelled or replaced, never applied.
    QVERIFY(metrics.thresholdJob().completed < metrics.thresholdJob().started + 3);
    QVERIFY(metrics.thresholdCurve(probId_));
    QCOMPARE(metrics.thresholdCurve(probId_)->points[30].dice, expected.dice);
  }

  void staleThresholdJobIsCancelled() {
    MetricsModel& metrics = window_->metrics();
    const JobState before = metrics.thresholdJob();
    metrics.setThreshold(probId_, 0.61);
    metrics.setThreshold(probId_, 0.62);  // arrives while the first runs: it is cancelled
    waitIdle();
    const JobState after = metrics.thresholdJob();
    QCOMPARE(after.cancelled - before.cancelled, 1);
    QCOMPARE(after.completed - before.completed, 1);
    QCOMPARE(metrics.appliedThreshold(probId_), 0.62);
  }

  void clickingProfileMovesSlice() {
    MetricsModel& metrics = window_->metrics();
    metrics.setProfileAxis(ViewAxis::Axial);
    waitIdle();
    ProfileWidget& profile = window_->profile();
    auto* view = static_cast<QVTKOpenGLNativeWidget*>(profile.chartView());
    view->renderWindow()->Render();  // lays the chart out so pixels map to slices
    const int target = 7;
    QVERIFY(metrics.currentProfileSlice() != target);
    const double dpr = view->devicePixelRatioF();
    const QPoint pos(int(std::lround(profile.chart().displayXOfSlice(target) / dpr)), view->height() / 2);
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, pos);
    QCOMPARE(metrics.currentProfileSlice(), target);
    // Worst-slice list navigates too.
    QListWidget* worst = profile.worstList();
    QVERIFY(worst->count() > 0);
    const int slice = worst->item(0)->data(Qt::UserRole).toInt();
    QTest::mouseClick(worst->viewport(), Qt::LeftButton, Qt::NoModifier,
                      worst->visualItemRect(worst->item(0)).center());
    // The click acts from the event loop (not inside the list's own signal).
    QTRY_COMPARE_WITH_TIMEOUT(metrics.currentProfileSlice(), slice, 10000);
  }

  void rowClickSelectsPredictionAndLabel() {
    MetricsPanel& panel = window_->metricsPanel();
    window_->metrics().setScope(MetricsScope::AllLabels);
    QTableWidget* t = panel.table();
    int row = -1;
    for (int r = 0; r < t->rowCount(); ++r)
      if (t->item(r, 0)->text() == "merged" && t->item(r, 1)->text().endsWith("(2)")) row = r;
    QVERIFY(row >= 0);
    QTest::mouseClick(t->viewport(), Qt::LeftButton, Qt::NoModifier,
                      t->visualItemRect(t->item(row, 1)).center());
    // The click acts from the event loop (not inside the table's own signal).
    QTRY_COMPARE_WITH_TIMEOUT(window_->model().activePredictionId(), labelsId_, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(window_->model().selectedLabel(), 2u, 10000);  // the worst-slice click before may have made it active already
    const QString tsv = panel.tableAsTsv();
    QVERIFY(tsv.startsWith("prediction\tlabel\tdice\t"));
    QCOMPARE(tsv.count('\n'), t->rowCount() + 1);
  }

  void confusionCellShowsErrorMap() {
    ViewerModel& m = window_->model();
    m.setActivePrediction(labelsId_);
    waitIdle();
    ConfusionMatrixWidget& cm = window_->confusion();
    QVERIFY(cm.confusions()->count() > 0);  // 2 predicted as 1
    cm.showReferenceLabel(cm.confusions()->item(0)->data(Qt::UserRole).toUInt());
    QCOMPARE(m.selectedLabel(), 2u);
    QCOMPARE(m.displayMode(), DisplayMode::ErrorMap);
    QCOMPARE(m.errorScope(), ErrorScope::SelectedLabel);
  }

  void profileChartRendersToPng() {
    const QString path = QDir::tempPath() + "/seglens-profile-test.png";
    QVERIFY(window_->profile().chart().renderToPng(path.toStdString(), 640, 200));
    const QImage image(path);
    QCOMPARE(image.size(), QSize(640, 200));
    QVERIFY(!QDir().exists("/nonexistent-dir") &&
            !window_->profile().chart().renderToPng("/nonexistent-dir/x.png", 10, 10));
  }

  void cleanupTestCase() { window_.reset(); }
};

}  // namespace seglens

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(QVTKOpenGLNativeWidget::defaultFormat());
  QApplication app(argc, argv);
  seglens::isolateTestSettings("seglens_ui_live_metrics_tests");
  seglens::LiveMetricsTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "LiveMetricsTest.moc"
