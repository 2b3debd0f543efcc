#include "widgets/MainWindow.h"

#include <QUrl>

#include <QDesktopServices>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QBuffer>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QResizeEvent>
#include <QToolButton>

#include "AtomicFile.h"
#include "model/BackgroundPriority.h"
#include "widgets/ExportController.h"
#include "widgets/HelpDialogs.h"
#include "widgets/LabelListWidget.h"
#include "widgets/LayerListWidget.h"
#include "widgets/ConfusionMatrixWidget.h"
#include "widgets/LoadController.h"
#include "model/MetricsModel.h"
#include "widgets/MetricsPanel.h"
#include "model/OverlapJobs.h"
#include "widgets/ProfileWidget.h"
#include "widgets/ScrollableDock.h"
#include "widgets/SliceView.h"
#include "widgets/SurfaceView.h"
#include "widgets/ToolbarIcons.h"
#include "widgets/ViewArea.h"

namespace seglens {

namespace {
constexpr int kMaxRecent = 8;
const char* kImageFilter =
    "Images (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd);;All files (*)";
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  lowerWorkerThreadPriority();
  setWindowTitle("SegLens");
  setAcceptDrops(true);
  model_ = new ViewerModel(this);
  overlaps_ = new OverlapJobs(model_);
  // A pair the overlap engine refused is said, not left as "..." in the panels.
  connect(overlaps_, &OverlapJobs::jobsChanged, this, [this] {
    const QString error = overlaps_->error();
    if (!error.isEmpty()) statusBar()->showMessage(error);
  });
  metrics_ = new MetricsModel(*model_, this);
  loads_ = new LoadController(*model_, this);
  views_ = new ViewArea(*model_, this);
  setCentralWidget(views_);
  export_ = new ExportController(*model_, *views_, this);
  connect(export_, &ExportController::exported, this, &MainWindow::showExported);
  buildDocks();
  buildMenus();
  buildToolbar();
  buildStatusBar();
  for (int a = 0; a < 3; ++a) connectSliceView(views_->sliceView(ViewAxis(a)));
  connect(views_, &ViewArea::sliceViewCreated, this, &MainWindow::connectSliceView);
  connect(loads_, &LoadController::fileOpened, this, [this](const QString& path, LayerRole role) {
    addRecent(path, layerRoleName(role));
  });
  connect(loads_, &LoadController::labelTableOpened, this,
          [this](const QString& path) { addRecent(path, "labels"); });
  for (auto signal : {&ViewerModel::layoutChanged, &ViewerModel::overlayChanged,
                      &ViewerModel::windowLevelChanged, &ViewerModel::conventionChanged,
                      &ViewerModel::surfaceColoringChanged, &ViewerModel::dataChanged})
    connect(model_, signal, this, &MainWindow::syncControls);
  connect(model_, &ViewerModel::dataChanged, this, [this] {
    const SegmentationLayer* gt = model_->groundTruth();
    QString title = "SegLens";
    if (model_->scan()) title += " - " + QFileInfo(model_->scanPath()).fileName();
    else if (gt) title += " - " + gt->name;
    setWindowTitle(title);
  });
  resize(1280, 900);
  syncControls();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildDocks() {
  layers_ = new LayerListWidget(*model_, this);
  labels_ = new LabelListWidget(*model_, this);
  connect(layers_, &LayerListWidget::replaceRequested, this, &MainWindow::chooseReplacement);
  auto* layerDock = new QDockWidget(tr("Layers"), this);
  layerDock->setObjectName("layersDock");
  layerDock->setWidget(scrollableDockContent(layers_));
  auto* labelDock = new QDockWidget(tr("Labels"), this);
  labelDock->setObjectName("labelsDock");
  labelDock->setWidget(scrollableDockContent(labels_));
  addDockWidget(Qt::LeftDockWidgetArea, layerDock);
  addDockWidget(Qt::LeftDockWidgetArea, labelDock);
  resizeDocks({layerDock}, {280}, Qt::Horizontal);
  // Live metrics: table and confusion matrix on the right, the slice profile under the views.
  metricsPanel_ = new MetricsPanel(*metrics_, this);
  confusion_ = new ConfusionMatrixWidget(*metrics_, this);
  profile_ = new ProfileWidget(*metrics_, this);
  auto* metricsDock = new QDockWidget(tr("Metrics"), this);
  metricsDock->setObjectName("metricsDock");
  metricsDock->setWidget(scrollableDockContent(metricsPanel_));
  auto* confusionDock = new QDockWidget(tr("Confusion matrix"), this);
  confusionDock->setObjectName("confusionDock");
  confusionDock->setWidget(scrollableDockContent(confusion_));
  auto* profileDock = new QDockWidget(tr("Slice profile"), this);
  profileDock->setObjectName("profileDock");
  profileDock->setWidget(scrollableDockContent(profile_));
  addDockWidget(Qt::RightDockWidgetArea, metricsDock);
  addDockWidget(Qt::RightDockWidgetArea, confusionDock);
  tabifyDockWidget(metricsDock, confusionDock);
  metricsDock->raise();
  addDockWidget(Qt::BottomDockWidgetArea, profileDock);
  resizeDocks({metricsDock}, {420}, Qt::Horizontal);
  resizeDocks({profileDock}, {210}, Qt::Vertical);
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("Open &scan..."), this, [this] { chooseFile(LayerRole::Scan); },
                  QKeySequence::Open);
  file->addAction(tr("Open &ground truth..."), this, [this] { chooseFile(LayerRole::GroundTruth); },
                  QKeySequence("Ctrl+G"));
  file->addAction(tr("Add &prediction..."), this, [this] { chooseFile(LayerRole::Prediction); },
                  QKeySequence("Ctrl+P"));
  file->addAction(tr("Load &label table..."), this, [this] { chooseLabelTable(); },
                  QKeySequence("Ctrl+L"));
  recentMenu_ = file->addMenu(tr("&Recent files"));
  recentMenu_->setObjectName("recentMenu");
  rebuildRecentMenu();
  file->addSeparator();
  exportAction_ = file->addAction(tr("&Export..."), this, [this] { export_->showDialog(); },
                                  QKeySequence("Ctrl+Shift+E"));
  exportAction_->setToolTip(tr("Export a figure, montage, comparison, metrics table, profile or metric map"));
  file->addSeparator();
  file->addAction(tr("&Quit"), this, &QWidget::close, QKeySequence::Quit);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  layoutGroup_ = new QActionGroup(this);
  layout2x2_ = view->addAction(tr("Layout 2x2"), this, [this] { model_->setLayout(Layout::Grid2x2); },
                               QKeySequence("Ctrl+1"));
  layout1x3_ = view->addAction(tr("Layout 1x3"), this, [this] { model_->setLayout(Layout::Row1x3); },
                               QKeySequence("Ctrl+2"));
  layoutSingle_ = view->addAction(tr("Single view"), this, [this] {
    model_->toggleMaximized(model_->layout() == Layout::Single ? model_->maximizedView() : ViewId::Axial);
  }, QKeySequence("Ctrl+3"));
  for (QAction* a : {layout2x2_, layout1x3_, layoutSingle_}) {
    a->setCheckable(true);
    layoutGroup_->addAction(a);
  }
  compare_ = view->addAction(tr("Compare predictions side by side"), this,
                             [this](bool on) { model_->setCompareMode(on); }, QKeySequence("Ctrl+4"));
  compare_->setCheckable(true);
  QMenu* compareAxis = view->addMenu(tr("Compare in"));
  for (int a = 0; a < 3; ++a)
    compareAxis->addAction(tr(viewAxisName(ViewAxis(a))), this,
                           [this, a] { model_->setCompareAxis(ViewAxis(a)); });
  view->addSeparator();
  errorMap_ = view->addAction(tr("Error map (TP/FP/FN)"), this, [this](bool on) {
    model_->setDisplayMode(on ? DisplayMode::ErrorMap : DisplayMode::Labels);
  }, QKeySequence("E"));
  errorMap_->setCheckable(true);
  membership_ = view->addAction(tr("Colour 3D prediction by TP/FP"), this, [this](bool on) {
    model_->setSurfaceColoring(on ? SurfaceColoring::Membership : SurfaceColoring::Label);
  });
  membership_->setCheckable(true);
  distance_ = view->addAction(tr("Colour 3D prediction by distance to GT"), this, [this](bool on) {
    model_->setSurfaceColoring(on ? SurfaceColoring::SignedDistance : SurfaceColoring::Label);
  }, QKeySequence("D"));
  distance_->setCheckable(true);
  distance_->setToolTip(tr("Signed distance from the prediction's surface to the GT surface of "
                           "the same label, in mm: positive outside the GT (D)"));
  view->addSeparator();
  auto* convention = new QActionGroup(this);
  radiological_ = view->addAction(tr("Radiological convention (right on left)"), this,
                                  [this] { model_->setConvention(Convention::Radiological); });
  neurological_ = view->addAction(tr("Neurological convention (right on right)"), this,
                                  [this] { model_->setConvention(Convention::Neurological); });
  for (QAction* a : {radiological_, neurological_}) {
    a->setCheckable(true);
    convention->addAction(a);
  }
  view->addSeparator();
  view->addAction(tr("Reset views"), this, [this] { model_->resetViews(); });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* keys = help->addAction(tr("&Keyboard and mouse"), this, [this] { showShortcuts(this); });
  keys->setShortcuts({QKeySequence(Qt::Key_F1), QKeySequence("?")});
  keys->setShortcutContext(Qt::ApplicationShortcut);
  help->addAction(tr("Reading the &error map"), this, [this] { showErrorMapHelp(this); });
  help->addSeparator();
  help->addAction(tr("&About SegLens"), this, [this] { showAbout(this); });
}

void MainWindow::buildToolbar() {
  QToolBar* bar = addToolBar(tr("View"));
  bar->setObjectName("viewToolbar");
  // Icons in the bar; the text, and the shortcut so it can be learnt, in the tooltip.
  auto decorate = [](QAction* a, const QIcon& icon) {
    a->setIcon(icon);
    // In the menus the check mark must show the state: the icon would replace it.
    a->setIconVisibleInMenu(false);
    if (!a->shortcut().isEmpty())
      a->setToolTip(tr("%1 (%2)").arg(a->toolTip(), a->shortcut().toString(QKeySequence::NativeText)));
  };
  decorate(exportAction_, ToolbarIcons::exportFigure());
  decorate(layout2x2_, ToolbarIcons::layout2x2());
  decorate(layout1x3_, ToolbarIcons::layout1x3());
  decorate(layoutSingle_, ToolbarIcons::singleView());
  decorate(compare_, ToolbarIcons::compare());
  decorate(errorMap_, ToolbarIcons::errorMap());
  decorate(membership_, ToolbarIcons::membership());
  bar->addAction(exportAction_);
  bar->addSeparator();
  bar->addAction(layout2x2_);
  bar->addAction(layout1x3_);
  bar->addAction(layoutSingle_);
  bar->addAction(compare_);
  bar->addSeparator();
  bar->addAction(errorMap_);
  // Labelled: unlabelled, the box read like a label filter.
  auto* scopeLabel = new QLabel(tr(" Error map over "), this);
  scopeLabel->setObjectName("errorScopeLabel");
  bar->addWidget(scopeLabel);
  errorScope_ = new QComboBox(this);
  errorScope_->setObjectName("errorScope");
  errorScope_->addItem(tr("All labels"), int(ErrorScope::AllLabels));
  errorScope_->addItem(tr("Selected label"), int(ErrorScope::SelectedLabel));
  errorScope_->setToolTip(tr("Error map over all labels or the selected label only"));
  bar->addWidget(errorScope_);
  connect(errorScope_, QOverload<int>::of(&QComboBox::currentIndexChanged), this, [this] {
    if (!syncing_) model_->setErrorScope(ErrorScope(errorScope_->currentData().toInt()));
  });
  bar->addAction(membership_);
  bar->addSeparator();
  presets_ = new QComboBox(this);
  presets_->setObjectName("windowPresets");
  presets_->addItem(tr("Window preset..."));
  for (const auto& p : windowPresets()) presets_->addItem(QString::fromStdString(p.name));
  bar->addWidget(presets_);
  connect(presets_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
    if (index > 0) model_->applyWindowPreset(index - 1);
    presets_->setCurrentIndex(0);
  });
  window_ = new QDoubleSpinBox(this);
  level_ = new QDoubleSpinBox(this);
  for (QDoubleSpinBox* box : {window_, level_}) {
    box->setRange(-1e6, 1e6);
    box->setDecimals(1);
    box->setKeyboardTracking(false);
    box->setMinimumWidth(80);
  }
  window_->setObjectName("windowWidth");
  level_->setObjectName("windowLevel");
  window_->setPrefix("W ");
  level_->setPrefix("L ");
  window_->setToolTip(tr("Window width (Shift+drag in a view)"));
  level_->setToolTip(tr("Window level (Shift+drag in a view)"));
  bar->addWidget(window_);
  bar->addWidget(level_);
  auto applyWl = [this] {
    if (!syncing_) model_->setWindowLevel({window_->value(), level_->value()});
  };
  connect(window_, QOverload<double>::of(&QDoubleSpinBox::valueChanged), this, applyWl);
  connect(level_, QOverload<double>::of(&QDoubleSpinBox::valueChanged), this, applyWl);
}

void MainWindow::buildStatusBar() {
  cursorText_ = new QLabel(this);
  cursorText_->setObjectName("cursorText");
  cursorText_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  cursorText_->setToolTip(tr("Voxel index (i, j, k) of the file under the cursor, counted from 1 "
                             "like the slice numbers in the views; position in mm (LPS)"));
  statusBar()->addWidget(cursorText_, 1);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 100);
  progress_->setMaximumWidth(220);
  progress_->setTextVisible(true);
  progress_->hide();
  cancel_ = new QToolButton(this);
  cancel_->setText(tr("Cancel"));
  cancel_->hide();
  statusBar()->addPermanentWidget(progress_);
  openExportFolder_ = new QToolButton(this);
  openExportFolder_->setObjectName("openExportFolder");
  openExportFolder_->setText(tr("Open export folder"));
  openExportFolder_->setAutoRaise(true);
  openExportFolder_->hide();
  connect(openExportFolder_, &QToolButton::clicked, this, [this] {
    QDesktopServices::openUrl(QUrl::fromLocalFile(openExportFolder_->property("folder").toString()));
  });
  statusBar()->addPermanentWidget(openExportFolder_);
  statusBar()->addPermanentWidget(cancel_);
  connect(cancel_, &QToolButton::clicked, this, [this] { loads_->loader().cancel(); });
  connect(&loads_->loader(), &Loader::progress, this, [this](double f, const QString& text) {
    progress_->setValue(int(f * 100));
    // Elided in the middle: a long file name must not wrap or push the percentage out of the bar.
    const QString name = progress_->fontMetrics().elidedText(text, Qt::ElideMiddle, progress_->maximumWidth() - 90);
    progress_->setFormat(tr("Loading %1  %p%").arg(name));
    progress_->setToolTip(tr("Loading %1").arg(text));
  });
  connect(&loads_->loader(), &Loader::busyChanged, this, [this](bool busy) {
    progress_->setVisible(busy);
    cancel_->setVisible(busy);
  });
}

void MainWindow::resizeEvent(QResizeEvent* event) {
  QMainWindow::resizeEvent(event);
  // On a laptop screen (1280x720, 1366x768) the profile dock under the views would leave each
  // slice view under 250 px tall: it joins the metrics tabs instead, once (a user's own
  // arrangement afterwards is theirs).
  if (compactLayout_ || height() >= 820) return;
  auto* profile = findChild<QDockWidget*>("profileDock");
  auto* metrics = findChild<QDockWidget*>("metricsDock");
  if (!profile || !metrics || profile->isFloating() || dockWidgetArea(profile) != Qt::BottomDockWidgetArea)
    return;
  compactLayout_ = true;
  addDockWidget(Qt::RightDockWidgetArea, profile);
  tabifyDockWidget(metrics, profile);
  metrics->raise();
}

void MainWindow::showExported(const QStringList& files) {
  if (files.isEmpty()) return;
  const QString folder = QFileInfo(files.first()).absolutePath();
  QStringList names;
  for (const QString& f : files) names << QFileInfo(f).fileName();
  statusBar()->showMessage(tr("Exported %1 to %2").arg(names.join(", "), folder), 20000);
  openExportFolder_->setToolTip(tr("Open %1").arg(folder));
  openExportFolder_->setProperty("folder", folder);
  openExportFolder_->show();
}

void MainWindow::connectSliceView(SliceView* view) {
  connect(view, &SliceView::cursorMoved, this, &MainWindow::showCursorInfo);
}

void MainWindow::showCursorInfo(const Vec3& p) {
  const ViewerModel::Probe probe = model_->probe(p);
  if (!probe.inside) {
    cursorText_->setText(tr("outside the volume"));
    return;
  }
  // One numbering wherever a user reads it: 1-based, as the views number their slices.
  QString text = QString("voxel [%1, %2, %3]   %4, %5, %6 mm (LPS)")
                     .arg(probe.index[0] + 1).arg(probe.index[1] + 1).arg(probe.index[2] + 1)
                     .arg(p[0], 0, 'f', 1).arg(p[1], 0, 'f', 1).arg(p[2], 0, 'f', 1);
  if (probe.scanValue) text += QString("   scan %1").arg(*probe.scanValue, 0, 'g', 5);
  auto label = [&](std::uint32_t v) { return QString("%1 (%2)").arg(model_->labelName(v)).arg(v); };
  if (probe.gtLabel) text += "   GT: " + label(*probe.gtLabel);
  if (probe.predLabel)
    text += "   " + model_->activePrediction()->name + ": " + label(*probe.predLabel);
  if (model_->metricMap()) {
    const auto v = metrics_->localValueAt(p);
    text += "   " + model_->metricMapName() + ": " + (v ? QString::number(*v, 'f', 3) : QString("-"));
  }
  cursorText_->setText(text);
}

void MainWindow::openFile(const QString& path, LayerRole role) { loads_->open(path, role); }

void MainWindow::openLabelTable(const QString& path) { loads_->openLabelTable(path); }

void MainWindow::chooseFile(LayerRole role) {
  const QString titles[3] = {tr("Open scan"), tr("Open ground truth"), tr("Add prediction")};
  auto* dialog = new QFileDialog(this, titles[int(role)], QSettings().value("lastDir").toString(),
                                 tr(kImageFilter));
  dialog->setFileMode(role == LayerRole::Prediction ? QFileDialog::ExistingFiles
                                                    : QFileDialog::ExistingFile);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QFileDialog::filesSelected, this, [this, role](const QStringList& files) {
    for (const QString& f : files) {
      QSettings().setValue("lastDir", QFileInfo(f).absolutePath());
      openFile(f, role);
    }
  });
  dialog->open();
}

void MainWindow::chooseReplacement(int layerId) {
  const SegmentationLayer* l = model_->layer(layerId);
  if (!l) return;
  auto* dialog = new QFileDialog(this, tr("Replace %1").arg(l->name), QFileInfo(l->path).absolutePath(),
                                 tr(kImageFilter));
  dialog->setFileMode(QFileDialog::ExistingFile);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QFileDialog::fileSelected, this,
          [this, layerId](const QString& f) { loads_->replace(f, layerId); });
  dialog->open();
}

void MainWindow::chooseLabelTable() {
  auto* dialog = new QFileDialog(this, tr("Load label table"), QSettings().value("lastDir").toString(),
                                 tr("Label tables (*.txt *.label *.lut);;All files (*)"));
  dialog->setFileMode(QFileDialog::ExistingFile);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::openLabelTable);
  dialog->open();
}

void MainWindow::addRecent(const QString& path, const QString& kind) {
  QSettings settings;
  QStringList recent = settings.value("recentFiles").toStringList();
  const QString entry = kind + "|" + QFileInfo(path).absoluteFilePath();
  recent.removeAll(entry);
  recent.prepend(entry);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings.setValue("recentFiles", recent);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = QSettings().value("recentFiles").toStringList();
  for (const QString& entry : recent) {
    const QString kind = entry.section('|', 0, 0), path = entry.section('|', 1);
    recentMenu_->addAction(QString("%1  (%2)").arg(QFileInfo(path).fileName(), kind), this,
                           [this, kind, path] {
                             if (kind == "labels") openLabelTable(path);
                             else if (kind == layerRoleName(LayerRole::Scan)) openFile(path, LayerRole::Scan);
                             else if (kind == layerRoleName(LayerRole::GroundTruth))
                               openFile(path, LayerRole::GroundTruth);
                             else openFile(path, LayerRole::Prediction);
                           });
  }
  recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::syncControls() {
  syncing_ = true;
  const bool compare = model_->compareMode();
  layout2x2_->setChecked(!compare && model_->layout() == Layout::Grid2x2);
  layout1x3_->setChecked(!compare && model_->layout() == Layout::Row1x3);
  layoutSingle_->setChecked(!compare && model_->layout() == Layout::Single);
  compare_->setChecked(compare);
  compare_->setEnabled(!model_->predictions().empty());
  errorMap_->setChecked(model_->displayMode() == DisplayMode::ErrorMap);
  errorMap_->setEnabled(model_->groundTruth() && model_->activePrediction());
  errorScope_->setCurrentIndex(errorScope_->findData(int(model_->errorScope())));
  membership_->setChecked(model_->surfaceColoring() == SurfaceColoring::Membership);
  distance_->setChecked(model_->surfaceColoring() == SurfaceColoring::SignedDistance);
  distance_->setEnabled(model_->groundTruth() && model_->activePrediction());
  radiological_->setChecked(model_->convention() == Convention::Radiological);
  neurological_->setChecked(model_->convention() == Convention::Neurological);
  window_->setValue(model_->windowLevel().window);
  level_->setValue(model_->windowLevel().level);
  presets_->setEnabled(model_->scan() != nullptr);
  syncing_ = false;
}

bool MainWindow::busy() const {
  return loads_->busy() || model_->focusPending() || overlaps_->busy() || views_->surfaceView()->busy() || export_->busy() || metrics_->busy();
}

void MainWindow::saveScreenshotWhenIdle(const QString& path) {
  pendingScreenshot_ = path;
  idleTicks_ = 0;
  QTimer::singleShot(100, this, &MainWindow::pollIdle);
}

void MainWindow::pollIdle() {
  // Two quiet ticks in a row: the last job's result has been applied and rendered.
  idleTicks_ = busy() ? 0 : idleTicks_ + 1;
  if (idleTicks_ < 2) {
    QTimer::singleShot(100, this, &MainWindow::pollIdle);
    return;
  }
  Q_EMIT idle();
  if (pendingScreenshot_.isEmpty()) return;
  const QString path = pendingScreenshot_;
  pendingScreenshot_.clear();
  Q_EMIT screenshotSaved(path, saveScreenshot(path));
}

bool MainWindow::saveScreenshot(const QString& path) {
  // Render every visible view now so the grab sees the current state, not a stale frame.
  for (SliceView* v : views_->visibleSliceViews()) v->renderNow();
  // Encoded in memory, then written like every other output: a regular file through a
  // temporary and a rename (never half a PNG under the user's name), a device in place.
  QByteArray png;
  QBuffer buffer(&png);
  buffer.open(QIODevice::WriteOnly);
  if (!grab().save(&buffer, "PNG")) return false;
  try {
    AtomicFile::write(path.toStdString(), png.toStdString());
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  QStringList paths;
  for (const QUrl& url : event->mimeData()->urls())
    if (url.isLocalFile()) paths << url.toLocalFile();
  loads_->openDropped(paths);
  event->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  loads_->loader().cancel();
  QMainWindow::closeEvent(event);
}

}  // namespace seglens
