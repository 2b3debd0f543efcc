// User interaction with the real main window on the demo case under xvfb-run: drag and drop
// (role from the name, the role question), the grid-mismatch dialog, recent files, mouse and
// keyboard in a slice view; and `seglens --screenshot` failing cleanly on a bad file. Dialogs
// are window-modal and asynchronous, so the tests find them by object name and answer them
// the way a user would, by clicking a button.
#include <QAbstractButton>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QImage>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QMouseEvent>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QTemporaryDir>
#include <QToolBar>
#include <QUrl>
#include <QVTKOpenGLNativeWidget.h>
#include <QWidgetAction>
#include <QtTest>
#include <cmath>

#include "widgets/SanitizerSupport.h"
#include "DemoCase.h"
#include "DemoWindow.h"
#include "ImageIO.h"
#include "widgets/LoadController.h"
#include "widgets/MainWindow.h"
#include "render/SliceScene.h"
#include "widgets/SliceView.h"
#include "widgets/ViewArea.h"

namespace seglens {

class InteractionTest : public QObject {
  Q_OBJECT
 private:
  QString demo_, work_;
  QTemporaryDir settingsDir_;
  std::unique_ptr<MainWindow> window_;

  ViewerModel& model() { return window_->model(); }
  SliceView* axial() { return window_->viewArea().sliceView(ViewAxis::Axial); }

  void waitIdle() {
    QSignalSpy idle(window_.get(), &MainWindow::idle);
    window_->notifyWhenIdle();
    QVERIFY2(idle.wait(180000), "the window never became idle");
  }

  QMessageBox* dialog(const char* name) { return window_->findChild<QMessageBox*>(name); }

  static QAbstractButton* button(QMessageBox* box, const QString& textStart) {
    for (QAbstractButton* b : box->buttons())
      if (b->text().remove('&').startsWith(textStart)) return b;
    return nullptr;
  }

  // Waits until the dialog `name` is shown, clicks the button whose text starts with
  // `textStart` and waits until the dialog is gone.
  void answer(const char* name, const QString& textStart, QString* text = nullptr) {
    QTRY_VERIFY_WITH_TIMEOUT(dialog(name) && dialog(name)->isVisible(), 60000);
    QMessageBox* box = dialog(name);
    if (text) *text = box->text();
    QAbstractButton* b = button(box, textStart);
    QVERIFY2(b, qPrintable("no button " + textStart));
    b->click();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog(name), 10000);
  }

  // A drag entering the window over the axial view and dropped there, through the top-level
  // QWindow so Qt's own dispatch picks the widget that takes the drop.
  bool drop(const QStringList& paths) {
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& p : paths) urls << QUrl::fromLocalFile(p);
    mime.setUrls(urls);
    QWindow* target = window_->windowHandle();
    const QPoint pos = axial()->mapTo(window_.get(), axial()->rect().center());
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted()) return false;
    QDragMoveEvent move(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &move);
    QDropEvent dropped(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &dropped);
    return dropped.isAccepted();
  }

  // Press at `from`, five move events with the button held, release at `to`. QTest::mouseMove
  // carries no buttons, so the events are built here.
  static void drag(QWidget* w, Qt::MouseButton b, Qt::KeyboardModifiers mods, QPoint from, QPoint to) {
    QMouseEvent press(QEvent::MouseButtonPress, from, b, b, mods);
    QApplication::sendEvent(w, &press);
    for (int i = 1; i <= 5; ++i) {
      const QPoint p = from + (to - from) * i / 5;
      QMouseEvent move(QEvent::MouseMove, p, Qt::NoButton, b, mods);
      QApplication::sendEvent(w, &move);
    }
    QMouseEvent release(QEvent::MouseButtonRelease, to, b, Qt::NoButton, mods);
    QApplication::sendEvent(w, &release);
  }

  void removePredictionsExcept(int keep) {
    while (int(model().predictions().size()) > keep) model().removePrediction(model().predictions().back().id);
  }

  QString copyDemo(const QString& name, const QString& as) {
    const QString to = work_ + "/" + as;
    QFile::remove(to);
    return QFile::copy(demo_ + "/" + name, to) ? to : QString();
  }

  QStringList recentTexts() {
    QStringList texts;
    if (auto* menu = window_->findChild<QMenu*>("recentMenu"))
      for (QAction* a : menu->actions()) texts << a->text();
    return texts;
  }

  // Runs the real `seglens` under this test's display; fails instead of waiting forever.
  struct Run {
    int exitCode = -1;
    QString stderrText;
  };
  Run runViewer(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_CONFIG_HOME", settingsDir_.path() + "/child");  // not the user's settings
    p.setProcessEnvironment(env);
    p.start(SEGLENS_GUI, args);
    Run run;
    if (!p.waitForStarted(30000)) return run;
    if (!p.waitForFinished(240000)) {
      p.kill();
      p.waitForFinished(10000);
      run.stderrText = "seglens did not exit (hung)";
      return run;
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.stderrText = QString::fromLocal8Bit(p.readAllStandardError());
    return run;
  }

 public:
  QString settingsPath() const { return settingsDir_.path(); }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(settingsDir_.isValid());
    const QString root = qEnvironmentVariable("SEGLENS_TEST_WORK", QDir::tempPath() + "/seglens-ui-test");
    demo_ = root + "/demo";
    work_ = root + "/interaction";
    QDir().mkpath(demo_);
    QDir().mkpath(work_);
    if (!QFile::exists("/usr/share/mricron/templates/ch2.nii.gz"))
      QSKIP("mricron-data is not installed: no demo case");
    writeDemoCase(demo_.toStdString());
    // Segmentations off the scan's grid: the GT with another spacing, and on a coarser grid.
    const LabelImage gt = loadLabelImage((demo_ + "/gt.nii.gz").toStdString());
    LabelImage spaced = gt;
    spaced.geometry.spacing[0] *= 1.5;
    saveLabelImage(spaced, (work_ + "/pred_spacing.nii.gz").toStdString(), true);
    Geometry coarse = gt.geometry;
    for (int a = 0; a < 3; ++a) {
      coarse.size[std::size_t(a)] = (gt.geometry.size[std::size_t(a)] + 1) / 2;
      coarse.spacing[std::size_t(a)] *= 2;
    }
    saveLabelImage(resampleNearest(gt, coarse), (work_ + "/pred_size.nii.gz").toStdString(), true);
    QFile bad(work_ + "/corrupt_pred.nii.gz");
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not a NIfTI file at all");
    bad.close();

    window_ = std::make_unique<MainWindow>();
    QVERIFY(openDemoCase(*window_, demo_, 1));
    waitIdle();
    QVERIFY(model().scan());
    QVERIFY(model().groundTruth());
    QCOMPARE(int(model().predictions().size()), 1);
  }

  // --- Scripted screenshots ---------------------------------------------------------------

  void screenshotFailsOnBadInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("mentions");
    const QString scan = demo_ + "/scan.nii.gz";
    QTest::newRow("missing gt") << QStringList{"--scan", scan, "--gt", work_ + "/missing_gt.nii.gz"}
                                << QStringList{"missing_gt.nii.gz"};
    QTest::newRow("corrupt prediction")
        << QStringList{"--scan", scan, "--gt", demo_ + "/gt.nii.gz", "--pred", work_ + "/corrupt_pred.nii.gz"}
        << QStringList{"corrupt_pred.nii.gz"};
    QTest::newRow("missing label table")
        << QStringList{"--labels", work_ + "/missing_labels.txt", "--scan", scan}
        << QStringList{"missing_labels.txt"};
    QTest::newRow("grid mismatch") << QStringList{"--scan", scan, "--pred", work_ + "/pred_size.nii.gz"}
                                   << QStringList{"pred_size.nii.gz", "size"};
  }

  void screenshotFailsOnBadInput() {
    QFETCH(QStringList, args);
    QFETCH(QStringList, mentions);
    const QString png = work_ + "/failed_shot.png";
    QFile::remove(png);
    const Run run = runViewer(args + QStringList{"--layout", "axial", "--screenshot", png});
    QVERIFY2(run.exitCode > 0, qPrintable(QString("exit %1: %2").arg(run.exitCode).arg(run.stderrText)));
    for (const QString& m : mentions)
      QVERIFY2(run.stderrText.contains(m), qPrintable("stderr lacks " + m + ": " + run.stderrText));
    QVERIFY(!QFile::exists(png));
  }

  void screenshotResamplesWhenAsked() {
    const QString png = work_ + "/resampled_shot.png";
    QFile::remove(png);
    const Run run = runViewer({"--scan", demo_ + "/scan.nii.gz", "--pred", work_ + "/pred_size.nii.gz",
                               "--resample", "--layout", "axial", "--size", "1000x800",
                               "--screenshot", png});
    QVERIFY2(run.exitCode == 0, qPrintable(QString("exit %1: %2").arg(run.exitCode).arg(run.stderrText)));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(1000, 800));
  }

  // Issue 11 item 15: an existing PNG is replaced only with --overwrite, as the CLI does, and
  // the refusal comes before anything loads (exit 2, the file untouched).
  void screenshotRefusesToReplaceAFile() {
    const QString png = work_ + "/existing_shot.png";
    {
      QFile f(png);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("keep me");
    }
    const QStringList args{"--scan", demo_ + "/scan.nii.gz", "--layout", "axial", "--size",
                           "800x600", "--screenshot", png};
    const Run refused = runViewer(args);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.stderrText.contains("existing_shot.png") && refused.stderrText.contains("--overwrite"),
             qPrintable(refused.stderrText));
    QFile kept(png);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("keep me"));
    kept.close();
    const Run replaced = runViewer(args + QStringList{"--overwrite"});
    QVERIFY2(replaced.exitCode == 0, qPrintable(replaced.stderrText));
    QCOMPARE(QImage(png).size(), QSize(800, 600));
  }

  // --- Drag and drop ----------------------------------------------------------------------

  void dropOnlyAcceptsFiles() {
    QMimeData text;
    text.setText("scan.nii.gz");
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window_->windowHandle(), &enter);
    QVERIFY(!enter.isAccepted());
  }

  void droppedFilesLoadInTheRoleTheirNameSays() {
    const QString gt = copyDemo("gt.nii.gz", "dropped_gt.nii.gz");
    const QString pred = copyDemo("pred_b.nii.gz", "case_pred.nii.gz");
    const QString labels = copyDemo("labels.txt", "dropped_labels.txt");
    QVERIFY(!gt.isEmpty() && !pred.isEmpty() && !labels.isEmpty());
    QVERIFY(drop({gt, pred, labels}));
    waitIdle();
    QVERIFY(!dialog("roleDialog"));
    QCOMPARE(model().groundTruth()->path, gt);
    QCOMPARE(int(model().predictions().size()), 2);
    QCOMPARE(model().predictions().back().path, pred);
    QCOMPARE(model().labelTablePath(), labels);
    removePredictionsExcept(1);
    waitIdle();
  }

  void ambiguousDropAsksForTheRole() {
    const QString file = copyDemo("pred_b.nii.gz", "model_output.nii.gz");
    QVERIFY(!file.isEmpty());
    QVERIFY(!LoadController::guessRole(file));
    QVERIFY(drop({file}));
    QString text;
    answer("roleDialog", "Prediction", &text);
    QVERIFY2(text.contains("model_output.nii.gz"), qPrintable(text));
    waitIdle();
    QCOMPARE(int(model().predictions().size()), 2);
    QCOMPARE(model().predictions().back().path, file);
    removePredictionsExcept(1);

    // Same file, answered as ground truth.
    const auto gtBefore = model().groundTruth()->image;
    QVERIFY(drop({file}));
    answer("roleDialog", "Ground truth");
    waitIdle();
    QCOMPARE(model().groundTruth()->path, file);
    QVERIFY(model().groundTruth()->image != gtBefore);
    QCOMPARE(int(model().predictions().size()), 1);
    window_->openFile(demo_ + "/gt.nii.gz", LayerRole::GroundTruth);
    waitIdle();

    // Cancel: nothing is loaded.
    const auto scan = model().scan();
    const auto gt = model().groundTruth()->image;
    QVERIFY(drop({file}));
    answer("roleDialog", "Cancel");
    waitIdle();
    QCOMPARE(model().scan(), scan);
    QCOMPARE(model().groundTruth()->image, gt);
    QCOMPARE(int(model().predictions().size()), 1);
  }

  void roleQuestionWaitsForAnOpenErrorDialog() {
    // A file dropped while an error is showing is asked about once the error is closed (it
    // used to stay queued forever, and the window never became idle).
    window_->openFile(work_ + "/corrupt_pred.nii.gz", LayerRole::Prediction);
    QTRY_VERIFY_WITH_TIMEOUT(dialog("errorDialog") && dialog("errorDialog")->isVisible(), 60000);
    QVERIFY(dialog("errorDialog")->text().contains("corrupt_pred.nii.gz"));
    QVERIFY(drop({work_ + "/model_output.nii.gz"}));
    answer("errorDialog", "OK");
    answer("roleDialog", "Prediction");
    waitIdle();
    QCOMPARE(int(model().predictions().size()), 2);
    removePredictionsExcept(1);
    waitIdle();
  }

  // --- Grid mismatch ----------------------------------------------------------------------

  void gridMismatchResamplesOntoTheScan() {
    const QString file = work_ + "/pred_spacing.nii.gz";
    window_->openFile(file, LayerRole::Prediction);
    QString text;
    answer("gridMismatchDialog", "Resample", &text);
    QVERIFY2(text.contains("pred_spacing.nii.gz") && text.contains("spacing"), qPrintable(text));
    waitIdle();
    QCOMPARE(int(model().predictions().size()), 2);
    const SegmentationLayer& added = model().predictions().back();
    QCOMPARE(added.path, file);
    const auto mismatch = compareGeometry(model().scan()->geometry, added.image->geometry);
    QVERIFY2(!mismatch, mismatch ? mismatch->message().c_str() : "");
    removePredictionsExcept(1);
    waitIdle();
  }

  void gridMismatchCancelLeavesTheModel() {
    const auto scan = model().scan();
    const auto gt = model().groundTruth()->image;
    const auto pred = model().predictions().front().image;
    window_->openFile(work_ + "/pred_size.nii.gz", LayerRole::Prediction);
    QString text;
    answer("gridMismatchDialog", "Cancel", &text);
    QVERIFY2(text.contains("size"), qPrintable(text));
    waitIdle();
    QCOMPARE(model().scan(), scan);
    QCOMPARE(model().groundTruth()->image, gt);
    QCOMPARE(int(model().predictions().size()), 1);
    QCOMPARE(model().predictions().front().image, pred);

    // A GT on another grid is asked about the same way.
    window_->openFile(work_ + "/pred_size.nii.gz", LayerRole::GroundTruth);
    answer("gridMismatchDialog", "Cancel", &text);
    QVERIFY(text.contains("ground truth"));
    waitIdle();
    QCOMPARE(model().groundTruth()->image, gt);
  }

  // --- Recent files -----------------------------------------------------------------------

  void recentFilesListAndReopen() {
    window_->openFile(demo_ + "/scan.nii.gz", LayerRole::Scan);
    waitIdle();
    window_->openLabelTable(demo_ + "/labels.txt");
    QStringList texts = recentTexts();
    QVERIFY2(texts.size() >= 2, qPrintable(texts.join(" | ")));
    QCOMPARE(texts[0], QString("labels.txt  (labels)"));  // most recent first
    QCOMPARE(texts[1], QString("scan.nii.gz  (scan)"));

    // Triggering the scan's entry opens the file again and moves it to the top.
    const auto scanBefore = model().scan();
    window_->findChild<QMenu*>("recentMenu")->actions()[1]->trigger();
    waitIdle();
    QVERIFY(model().scan() != scanBefore);
    QCOMPARE(model().scanPath(), QFileInfo(demo_ + "/scan.nii.gz").absoluteFilePath());
    texts = recentTexts();
    QCOMPARE(texts[0], QString("scan.nii.gz  (scan)"));
    QCOMPARE(texts[1], QString("labels.txt  (labels)"));

    // The list is in the (test-only) settings, and a new window starts with it.
    const QStringList stored = QSettings().value("recentFiles").toStringList();
    QVERIFY(!stored.isEmpty());
    QVERIFY(stored[0].endsWith(QFileInfo(demo_ + "/scan.nii.gz").absoluteFilePath()));
    QVERIFY(QFileInfo(QSettings().fileName()).absoluteFilePath().startsWith(settingsDir_.path()));
    MainWindow other;
    QStringList otherTexts;
    for (QAction* a : other.findChild<QMenu*>("recentMenu")->actions()) otherTexts << a->text();
    QCOMPARE(otherTexts, texts);
  }

  // --- Mouse and keyboard in a slice view -------------------------------------------------

  void rightDragZooms() {
    model().setLayout(Layout::Grid2x2);
    model().resetViews();
    SliceView* view = axial();
    view->renderNow();
    const Vec3 cross = model().crosshair();
    const QPoint c = view->rect().center();
    drag(view, Qt::RightButton, Qt::NoModifier, c, c - QPoint(0, 60));  // up: in
    const double in = model().camera(ViewAxis::Axial).zoom;
    QVERIFY2(in > 1.2, qPrintable(QString::number(in)));
    drag(view, Qt::RightButton, Qt::NoModifier, c, c + QPoint(0, 120));  // down: out
    QVERIFY(model().camera(ViewAxis::Axial).zoom < in / 1.5);
    QCOMPARE(model().crosshair(), cross);
    QCOMPARE(model().camera(ViewAxis::Axial).panX, 0.0);
    QCOMPARE(model().camera(ViewAxis::Axial).panY, 0.0);
  }

  void middleAndCtrlDragPan_data() {
    QTest::addColumn<int>("button");
    QTest::addColumn<int>("modifiers");
    QTest::newRow("middle") << int(Qt::MiddleButton) << int(Qt::NoModifier);
    QTest::newRow("ctrl+left") << int(Qt::LeftButton) << int(Qt::ControlModifier);
  }

  void middleAndCtrlDragPan() {
    QFETCH(int, button);
    QFETCH(int, modifiers);
    model().resetViews();
    SliceView* view = axial();
    view->renderNow();
    const Vec3 cross = model().crosshair();
    const QPoint from = view->rect().center(), to = from + QPoint(40, -30);
    const Vec3 grabbed = view->physicalAt(from);
    const double mm = view->scene().mmPerPixel();
    drag(view, Qt::MouseButton(button), Qt::KeyboardModifiers(modifiers), from, to);
    const ViewCamera cam = model().camera(ViewAxis::Axial);
    // The pan is the dragged distance in mm, and the point under the mouse moved with it.
    QVERIFY2(std::abs(std::hypot(cam.panX, cam.panY) - 50 * mm) < 0.01 * 50 * mm,
             qPrintable(QString("pan %1, %2 for 50 px of %3 mm").arg(cam.panX).arg(cam.panY).arg(mm)));
    const Vec3 under = view->physicalAt(to);
    for (int a = 0; a < 3; ++a) QVERIFY(std::abs(under[std::size_t(a)] - grabbed[std::size_t(a)]) < mm);
    QCOMPARE(cam.zoom, 1.0);
    QCOMPARE(model().crosshair(), cross);
  }

  void shiftDragChangesWindowLevel() {
    SliceView* view = axial();
    const Vec3 cross = model().crosshair();
    const WindowLevel before = model().windowLevel();
    const QPoint c = view->rect().center();
    drag(view, Qt::LeftButton, Qt::ShiftModifier, c, c + QPoint(40, 0));  // right: wider
    const WindowLevel wider = model().windowLevel();
    QVERIFY(wider.window > before.window);
    QCOMPARE(wider.level, before.level);
    drag(view, Qt::LeftButton, Qt::ShiftModifier, c, c + QPoint(0, 40));  // vertical: level
    const WindowLevel moved = model().windowLevel();
    QCOMPARE(moved.window, wider.window);
    QVERIFY(moved.level != wider.level);
    QCOMPARE(model().crosshair(), cross);
    // The toolbar boxes follow.
    auto* box = window_->findChild<QDoubleSpinBox*>("windowWidth");
    QVERIFY(box);
    QVERIFY(std::abs(box->value() - moved.window) < 0.1);
    model().setWindowLevel(before);
  }

  void rResetsZoomPanAndCrosshair() {
    SliceView* view = axial();
    view->renderNow();
    const QPoint c = view->rect().center();
    drag(view, Qt::RightButton, Qt::NoModifier, c, c - QPoint(0, 50));
    drag(view, Qt::MiddleButton, Qt::NoModifier, c, c + QPoint(30, 30));
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, c + QPoint(25, -20));
    QVERIFY(!(model().camera(ViewAxis::Axial) == ViewCamera{}));
    QTest::keyClick(view, Qt::Key_R);
    QVERIFY(model().camera(ViewAxis::Axial) == ViewCamera{});
    const Geometry& g = *model().referenceGeometry();
    const Vec3 centre = g.indexToPhysical(std::floor(double(g.size[0]) / 2), std::floor(double(g.size[1]) / 2),
                                          std::floor(double(g.size[2]) / 2));
    QCOMPARE(model().crosshair(), centre);
  }

  void arrowKeysMoveTheCrosshairOneVoxel() {
    model().resetViews();
    SliceView* view = axial();
    view->renderNow();
    const int slice = view->scene().slice();
    // One voxel on screen, in pixels.
    const double px = view->scene().grid().dx / view->scene().mmPerPixel();
    const double py = view->scene().grid().dy / view->scene().mmPerPixel();
    auto screen = [&] { return view->widgetPosition(model().crosshair()); };
    const QPointF start = screen();
    QTest::keyClick(view, Qt::Key_Right);
    QVERIFY(std::abs(screen().x() - start.x() - px) < 0.01 * px);
    QVERIFY(std::abs(screen().y() - start.y()) < 1e-6);
    QTest::keyClick(view, Qt::Key_Up);
    QVERIFY(std::abs(screen().y() - (start.y() - py)) < 0.01 * py);
    QTest::keyClick(view, Qt::Key_Left);
    QTest::keyClick(view, Qt::Key_Down);
    QVERIFY(std::abs(screen().x() - start.x()) < 1e-6 && std::abs(screen().y() - start.y()) < 1e-6);
    QCOMPARE(view->scene().slice(), slice);
  }

  // --- Toolbar ----------------------------------------------------------------------------

  void toolbarActionsHaveIconsAndShortcutTooltips() {
    auto* bar = window_->findChild<QToolBar*>("viewToolbar");
    QVERIFY(bar);
    int withIcon = 0;
    for (QAction* a : bar->actions()) {
      if (a->isSeparator() || qobject_cast<QWidgetAction*>(a)) continue;
      QVERIFY2(!a->icon().isNull(), qPrintable(a->text()));
      QVERIFY(!a->icon().pixmap(24).toImage().isNull());
      const QString tip = a->toolTip();
      QVERIFY2(tip.contains(QString(a->text()).remove('&')) || a == bar->actions().front(), qPrintable(tip));
      if (!a->shortcut().isEmpty())
        QVERIFY2(tip.contains(a->shortcut().toString(QKeySequence::NativeText)), qPrintable(tip));
      ++withIcon;
    }
    QCOMPARE(withIcon, 7);
    QVERIFY(bar->toolButtonStyle() == Qt::ToolButtonIconOnly);
  }

  void cleanupTestCase() { window_.reset(); }
};

}  // namespace seglens

int main(int argc, char** argv) {
  seglens::keepSharedLibrariesLoadedForLeakChecks();
  QSurfaceFormat::setDefaultFormat(QVTKOpenGLNativeWidget::defaultFormat());
  QApplication app(argc, argv);
  seglens::InteractionTest test;
  // Recent files go to QSettings: a test-only organisation under a temporary directory, never
  // the user's.
  QApplication::setOrganizationName("SegLensTest");
  QApplication::setApplicationName("seglens_ui_interaction_tests");
  for (auto format : {QSettings::NativeFormat, QSettings::IniFormat})
    QSettings::setPath(format, QSettings::UserScope, test.settingsPath());
  return QTest::qExec(&test, argc, argv);
}

#include "InteractionTest.moc"
