#include "widgets/CommandLine.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include <QDockWidget>
#include <QStatusBar>

#include "widgets/LoadController.h"
#include "widgets/MainWindow.h"
#include "model/MetricsModel.h"
#include "model/ViewSetup.h"

namespace seglens {

CommandLine CommandLine::parse(const QStringList& arguments) {
  QCommandLineParser p;
  p.setApplicationDescription(
      "SegLens viewer: a scan, its ground truth and predictions in linked slice views and 3D.");
  p.addHelpOption();
  p.addOption({"scan", "Scan (CT/MR) to open.", "file"});
  p.addOption({"gt", "Ground-truth segmentation.", "file"});
  p.addOption({"pred", "Prediction (repeat for several).", "file"});
  p.addOption({"labels", "Label table (ITK-SNAP or AAL-style .txt).", "file"});
  p.addOption({"screenshot", "Save a PNG of the window once loaded, then quit.", "file"});
  p.addOption({"overwrite", "With --screenshot: replace an existing file."});
  p.addOption({"resample",
               "With --screenshot: resample a segmentation on another grid than the scan "
               "(nearest neighbour) instead of failing."});
  p.addOption({"layout", "2x2, 1x3, axial, coronal, sagittal, 3d or compare.", "layout"});
  p.addOption({"mode", "Overlay mode: labels (GT filled, predictions outlined), fill (predictions "
               "filled over the GT outline) or error.", "mode"});
  p.addOption({"slice", "Start on this slice (1-based) of the axial view, or of the single view "
               "--layout names.", "n"});
  p.addOption({"slice-mm", "Start at this depth (mm) along that view's axis.", "mm"});
  p.addOption({"error-scope", "Error map over all labels or the selected one (default): all|selected.", "scope"});
  p.addOption({"coloring", "3D prediction colouring: label, membership or distance.", "coloring"});
  p.addOption({"label", "Select this label at start.", "value"});
  p.addOption({"neurological", "Neurological convention (patient right on screen right)."});
  p.addOption({"size", "Window size WxH.", "size"});
  p.addOption({"local-map", "Show the local metric map: dice, jaccard or f1.", "metric"});
  p.addOption({"threshold", "Threshold of the probability-map prediction (0..1).", "t"});
  p.addOption({"panel", "Right-hand panel in front: metrics or confusion.", "panel"});
  CommandLine c;
  if (!p.parse(arguments)) {
    c.error = p.errorText();
    return c;
  }
  if (p.isSet("help")) p.showHelp(0);  // exits
  c.scan = p.value("scan");
  c.gt = p.value("gt");
  c.predictions = p.values("pred");
  c.labels = p.value("labels");
  c.screenshot = p.value("screenshot");
  c.resample = p.isSet("resample");
  c.layout = p.value("layout");
  c.mode = p.value("mode");
  c.errorScope = p.value("error-scope");
  c.coloring = p.value("coloring");
  c.neurological = p.isSet("neurological");
  if (p.isSet("label")) c.label = p.value("label").toUInt();
  c.localMap = p.value("local-map");
  c.panel = p.value("panel");
  if (p.isSet("threshold")) {
    bool ok = false;
    const double t = p.value("threshold").toDouble(&ok);
    if (!ok || t < 0 || t > 1) c.error = "--threshold expects a number in [0, 1]";
    else c.threshold = t;
  }
  if (!QStringList{"", "dice", "jaccard", "f1"}.contains(c.localMap))
    c.error = "unknown --local-map " + c.localMap;
  if (!QStringList{"", "metrics", "confusion"}.contains(c.panel)) c.error = "unknown --panel " + c.panel;
  if (p.isSet("size")) {
    const QStringList wh = p.value("size").split('x');
    if (wh.size() != 2 || wh[0].toInt() < 100 || wh[1].toInt() < 100) c.error = "--size expects WxH";
    else c.size = {wh[0].toInt(), wh[1].toInt()};
  }
  static const QStringList layouts = {"", "2x2", "1x3", "axial", "coronal", "sagittal", "3d", "compare"};
  if (!layouts.contains(c.layout)) c.error = "unknown --layout " + c.layout;
  if (!QStringList{"", "labels", "fill", "error"}.contains(c.mode)) c.error = "unknown --mode " + c.mode;
  if (p.isSet("slice")) {
    bool ok = false;
    c.slice = p.value("slice").toInt(&ok);
    if (!ok || *c.slice < 1) c.error = "--slice expects a slice number from 1";
  }
  if (p.isSet("slice-mm")) {
    bool ok = false;
    c.sliceMm = p.value("slice-mm").toDouble(&ok);
    if (!ok || !std::isfinite(*c.sliceMm)) c.error = "--slice-mm expects a depth in mm";
  }
  if (c.slice && c.sliceMm) c.error = "--slice and --slice-mm exclude each other";
  if (!QStringList{"", "all", "selected"}.contains(c.errorScope))
    c.error = "unknown --error-scope " + c.errorScope;
  if (!QStringList{"", "label", "membership", "distance"}.contains(c.coloring))
    c.error = "unknown --coloring " + c.coloring;
  // As `seglens-cli screenshot`: an existing file is only replaced when asked, and that is
  // said before anything is loaded.
  if (!c.screenshot.isEmpty() && !p.isSet("overwrite") && QFileInfo::exists(c.screenshot) &&
      QFileInfo(c.screenshot).isFile())
    c.error = "--screenshot " + c.screenshot + ": file exists (use --overwrite to replace it)";
  if (p.isSet("overwrite") && c.screenshot.isEmpty())
    c.error = "--overwrite only applies to --screenshot";
  if (c.resample && c.screenshot.isEmpty())
    c.error = "--resample only applies to --screenshot (the window asks otherwise)";
  if (!p.positionalArguments().isEmpty())
    c.error = "unexpected argument " + p.positionalArguments().first();
  return c;
}

void CommandLine::apply(MainWindow& window) const {
  ViewerModel& m = window.model();
  window.resize(size);
  if (!screenshot.isEmpty()) {
    // Nobody is there to answer a dialog: the first failure ends the run without a PNG. The
    // exit is queued because a label table fails synchronously, before the event loop runs,
    // when QApplication::exit would be ignored.
    window.loads().setScripted(true, resample);
    auto failed = std::make_shared<bool>(false);
    QObject::connect(&window.loads(), &LoadController::loadFailed, qApp,
                     [failed](const QString& path, const QString& message) {
                       if (*failed) return;
                       *failed = true;
                       const QString text = message.contains(QFileInfo(path).fileName())
                                                ? message : path + ": " + message;
                       std::fprintf(stderr, "seglens: %s\n", qPrintable(text));
                       QMetaObject::invokeMethod(qApp, [] { QApplication::exit(1); },
                                                 Qt::QueuedConnection);
                     });
  }
  if (!labels.isEmpty()) window.openLabelTable(labels);
  if (!scan.isEmpty()) window.openFile(scan, LayerRole::Scan);
  if (!gt.isEmpty()) window.openFile(gt, LayerRole::GroundTruth);
  for (const QString& p : predictions) window.openFile(p, LayerRole::Prediction);
  if (layout == "1x3") m.setLayout(Layout::Row1x3);
  else if (layout == "axial") m.toggleMaximized(ViewId::Axial);
  else if (layout == "coronal") m.toggleMaximized(ViewId::Coronal);
  else if (layout == "sagittal") m.toggleMaximized(ViewId::Sagittal);
  else if (layout == "3d") m.toggleMaximized(ViewId::ThreeD);
  else if (layout == "compare") m.setCompareMode(true);
  if (mode == "error") m.setDisplayMode(DisplayMode::ErrorMap);
  if (coloring == "membership") m.setSurfaceColoring(SurfaceColoring::Membership);
  if (coloring == "distance") m.setSurfaceColoring(SurfaceColoring::SignedDistance);
  if (neurological) m.setConvention(Convention::Neurological);
  applyViewSetupWhenLoaded(window);
  if (!localMap.isEmpty()) {
    MetricsModel& metrics = window.metrics();
    metrics.setLocalMetric(localMap == "jaccard" ? LocalMetric::Jaccard
                           : localMap == "f1"    ? LocalMetric::F1
                                                 : LocalMetric::Dice);
    metrics.setLocalMapEnabled(true);
  }
  if (threshold) {
    // Applied once the probability map is loaded (its layer id is not known before).
    auto done = std::make_shared<bool>(false);
    QObject::connect(&m, &ViewerModel::dataChanged, &window, [&window, t = *threshold, done] {
      MetricsModel& metrics = window.metrics();
      if (*done || !metrics.thresholdPrediction()) return;
      *done = true;
      metrics.setThreshold(metrics.thresholdPrediction(), t);
    });
  }
  if (!panel.isEmpty())
    if (auto* dock = window.findChild<QDockWidget*>(panel == "confusion" ? "confusionDock" : "metricsDock"))
      dock->raise();
  if (label) m.setSelectedLabel(*label);
  if (!screenshot.isEmpty()) {
    QObject::connect(&window, &MainWindow::screenshotSaved, qApp, [](const QString& path, bool ok) {
      if (!ok) qWarning("seglens: could not write %s", qPrintable(path));
      QApplication::exit(ok ? 0 : 1);
    });
    window.saveScreenshotWhenIdle(screenshot);
  }
}

ViewSetup CommandLine::viewSetup(const ViewerModel& m) const {
  ViewSetup setup;
  setup.style = mode == "error" ? OverlayStyle::Error
                : mode == "fill" ? OverlayStyle::Fill : OverlayStyle::Outline;
  if (label) {
    // Centred on the label when some image has it; a label in none is still selected.
    const auto present = m.labels();
    if (std::find(present.begin(), present.end(), *label) != present.end()) setup.atLabel = *label;
    else setup.label = *label;
  }
  setup.axis = layout == "coronal" ? ViewAxis::Coronal
               : layout == "sagittal" ? ViewAxis::Sagittal : ViewAxis::Axial;
  setup.slice = slice;
  setup.sliceMm = sliceMm;
  setup.convention = neurological ? Convention::Neurological : Convention::Radiological;
  return setup;
}

// The view setup is applied once every requested file is in (layers loaded later would miss
// their overlay mode, and the label to centre on may be in any of them), through the same
// applyViewSetup as `seglens-cli screenshot`, so the same options give the same picture.
void CommandLine::applyViewSetupWhenLoaded(MainWindow& window) const {
  ViewerModel& m = window.model();
  const int expected = (gt.isEmpty() ? 0 : 1) + int(predictions.size());
  if (expected == 0 && !slice && !sliceMm) return;
  auto applied = std::make_shared<bool>(false);
  const CommandLine options = *this;
  QObject::connect(&m, &ViewerModel::dataChanged, &window, [&window, &m, options, expected, applied] {
    const int loaded = (m.groundTruth() ? 1 : 0) + int(m.predictions().size());
    if (*applied || loaded < expected || !m.referenceGeometry()) return;
    *applied = true;
    try {
      applyViewSetup(m, options.viewSetup(m));
    } catch (const ViewSetupError& e) {
      if (!options.screenshot.isEmpty()) {
        std::fprintf(stderr, "seglens: %s\n", e.what());
        QMetaObject::invokeMethod(qApp, [] { QApplication::exit(1); }, Qt::QueuedConnection);
        return;
      }
      window.statusBar()->showMessage(QString::fromStdString(e.what()));
    }
    if (options.errorScope == "selected") m.setErrorScope(ErrorScope::SelectedLabel);
    else if (options.errorScope == "all") m.setErrorScope(ErrorScope::AllLabels);
  });
  if (errorScope == "selected") m.setErrorScope(ErrorScope::SelectedLabel);
  else if (errorScope == "all") m.setErrorScope(ErrorScope::AllLabels);
}

}  // namespace seglens
