// Issue 15 (viewer ergonomics) on the real main window and the demo case, with real events:
// help built in, one numbering, worst slices that lead to their model, controls that say what
// they are, an export that remembers its kind and says where it wrote, and removing a layer.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QSurfaceFormat>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeWidget>
#include <QTableWidget>
#include <QPushButton>
#include <QVTKOpenGLNativeWidget.h>
#include <QtTest>

#include "DemoCase.h"
#include "DemoWindow.h"
#include "TestSettings.h"
#include "model/MetricsModel.h"
#include "widgets/ExportController.h"
#include "widgets/ExportDialog.h"
#include "widgets/LayerListWidget.h"
#include "widgets/LoadController.h"
#include "widgets/MainWindow.h"
#include "widgets/MetricsPanel.h"
#include "widgets/ProfileWidget.h"
#include "widgets/SanitizerSupport.h"
#include "widgets/SliceView.h"
#include "widgets/ViewArea.h"

namespace seglens {

class ErgonomicsTest : public QObject {
  Q_OBJECT
 private:
  QString demo_, out_;
  std::unique_ptr<MainWindow> window_;

  ViewerModel& model() { return window_->model(); }
  SliceView* axial() { return window_->viewArea().sliceView(ViewAxis::Axial); }
  void waitIdle() {
    QSignalSpy idle(window_.get(), &MainWindow::idle);
    window_->notifyWhenIdle();
    QVERIFY2(idle.wait(180000), "the window never became idle");
  }
  static void settle() {
    for (int i = 0; i < 5; ++i) QCoreApplication::processEvents();
  }
  template <class T>
  static T* visibleTopLevel(const char* name) {
    for (QWidget* w : QApplication::topLevelWidgets())
      if (w->objectName() == name && w->isVisible())
        if (auto* t = qobject_cast<T*>(w)) return t;
    return nullptr;
  }

 private Q_SLOTS:
  void initTestCase() {
    const QString work = qEnvironmentVariable("SEGLENS_TEST_WORK", QDir::tempPath() + "/seglens-ui-test");
    demo_ = work + "/demo-ergonomics";
    out_ = work + "/ergonomics";
    QDir(out_).removeRecursively();
    QDir().mkpath(out_);
    if (!QFile::exists("/usr/share/mricron/templates/ch2.nii.gz"))
      QSKIP("demo sources (mricron templates) are not installed");
    writeDemoCase(demo_.toStdString());
    window_ = std::make_unique<MainWindow>();
    QVERIFY(openDemoCase(*window_, demo_, 2));
    waitIdle();
    QVERIFY(window_->isActiveWindow() || (window_->activateWindow(), QTest::qWaitForWindowActive(window_.get())));
  }

  // Item 10: F1 and `?` open the keyboard and mouse reference; Help has About and the error map.
  void helpShowsTheShortcuts() {
    QTest::mouseClick(axial(), Qt::LeftButton, Qt::NoModifier, axial()->rect().center());
    settle();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F1);
    QDialog* dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = visibleTopLevel<QDialog>("shortcutsDialog")), 10000);
    auto* text = dialog->findChild<QTextBrowser*>("helpText");
    QVERIFY(text);
    QVERIFY(text->toPlainText().contains("error map on/off"));
    QVERIFY(text->toPlainText().contains("1-based"));
    dialog->close();
    settle();
    QStringList help;
    for (QAction* menu : window_->menuBar()->actions())
      if (menu->text().remove('&') == "Help")
        for (QAction* a : menu->menu()->actions()) help << a->text().remove('&');
    QVERIFY2(help.contains("About SegLens") && help.contains("Reading the error map"), qPrintable(help.join(", ")));
  }

  // Item 7: the status line counts voxels from 1, as the views count slices.
  void statusLineCountsFromOne() {
    const QPoint centre = axial()->rect().center();
    QTest::mouseMove(axial(), centre);
    settle();
    const Vec3 p = axial()->physicalAt(centre);
    const ViewerModel::Probe probe = model().probe(p);
    QVERIFY(probe.inside);
    const QString expected = QString("voxel [%1, %2, %3]").arg(probe.index[0] + 1).arg(probe.index[1] + 1)
                                 .arg(probe.index[2] + 1);
    QTRY_VERIFY2_WITH_TIMEOUT(window_->statusText()->text().startsWith(expected),
                              qPrintable(window_->statusText()->text() + " vs " + expected), 5000);
  }

  // Item 5: clicking a worst slice of the model that is not active activates that model.
  void worstSliceClickActivatesItsModel() {
    model().setSelectedLabel(73);
    waitIdle();
    auto* list = window_->profile().findChild<QListWidget*>("worstSlices");
    QVERIFY(list);
    QTRY_VERIFY_WITH_TIMEOUT(list->count() > 0, 30000);
    const int active = model().activePredictionId();
    QListWidgetItem* other = nullptr;
    for (int i = 0; i < list->count() && !other; ++i)
      if (list->item(i)->data(Qt::UserRole + 1).isValid() && list->item(i)->data(Qt::UserRole + 1).toInt() != active)
        other = list->item(i);
    QVERIFY2(other, "no worst slice of the other prediction");
    const int target = other->data(Qt::UserRole + 1).toInt();
    const int slice = other->data(Qt::UserRole).toInt();
    list->scrollToItem(other);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier, list->visualItemRect(other).center());
    QTRY_COMPARE_WITH_TIMEOUT(model().activePredictionId(), target, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(window_->metrics().currentProfileSlice(), slice, 10000);
    waitIdle();
  }

  // Item 6: the error-map scope box is labelled; checkable menu items show check marks.
  void controlsSayWhatTheyAre() {
    auto* label = window_->findChild<QLabel*>("errorScopeLabel");
    QVERIFY(label && label->isVisible());
    QVERIFY(label->text().contains("Error map over"));
    for (QAction* menu : window_->menuBar()->actions())
      if (menu->menu())
        for (QAction* a : menu->menu()->actions())
          if (a->isCheckable() && !a->icon().isNull())  // an icon would hide the check mark
            QVERIFY2(!a->isIconVisibleInMenu(), qPrintable(a->text()));
  }

  // Item 9: the dialog comes back with the last kind, and the window says where files went.
  void exportRemembersItsKindAndSaysWhere() {
    window_->exporter().showDialog();
    ExportDialog* dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = window_->findChild<ExportDialog*>()), 10000);
    ExportSettings s = dialog->settings();
    s.kind = ExportKind::Montage;
    s.montageCount = 4;
    s.path = out_ + "/montage.png";
    dialog->setSettings(s);
    dialog->accept();
    QSignalSpy exported(&window_->exporter(), &ExportController::exported);
    QVERIFY(exported.wait(120000));
    QVERIFY(QFile::exists(out_ + "/montage.png"));
    QVERIFY2(window_->statusBar()->currentMessage().contains(out_), qPrintable(window_->statusBar()->currentMessage()));
    auto* open = window_->findChild<QToolButton*>("openExportFolder");
    QVERIFY(open && open->isVisible());
    settle();
    window_->exporter().showDialog();
    ExportDialog* again = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((again = window_->findChild<ExportDialog*>()) && again->isVisible(), 10000);
    QCOMPARE(int(again->settings().kind), int(ExportKind::Montage));
    QVERIFY(again->settings().path != out_ + "/montage.png");  // not the file just written
    again->reject();
    settle();
  }

  // Issue 14 in the viewer: the metrics panel switches the surface definition, and its distance
  // headers say which one the numbers use.
  void metricsPanelSwitchesTheSurfaceDefinition() {
    MetricsPanel& panel = window_->metricsPanel();
    auto* box = panel.findChild<QComboBox*>("surfaceDefinition");
    QVERIFY(box);
    QTableWidget* t = panel.table();
    auto headerTip = [&](const QString& title) {
      for (int c = 0; c < t->columnCount(); ++c)
        if (t->horizontalHeaderItem(c) && t->horizontalHeaderItem(c)->text() == title)
          return t->horizontalHeaderItem(c)->toolTip();
      return QString();
    };
    QVERIFY(headerTip("HD95").startsWith("Voxel surface"));
    box->setCurrentIndex(box->findData(int(SurfaceDefinition::Surfel)));
    QCOMPARE(int(window_->metrics().conventions().surface), int(SurfaceDefinition::Surfel));
    waitIdle();
    QVERIFY(headerTip("HD95").startsWith("Surfel surface"));
    const int id = model().activePredictionId();
    QTRY_VERIFY_WITH_TIMEOUT(window_->metrics().distancesReady(id), 60000);
    const PredictionEvaluation* ev = window_->metrics().evaluation(id);
    QVERIFY(ev && !ev->labels.empty() && ev->labels.front().surfelHd95);
    box->setCurrentIndex(box->findData(int(SurfaceDefinition::Voxel)));
    waitIdle();
    QVERIFY(headerTip("HD95").startsWith("Voxel surface"));
  }

  // Item 1: on a 1280x720 screen every dock is reachable and no view is under 250 px.
  void laptopScreensKeepUsableViews() {
    window_->resize(1280, 720);
    settle();
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(window_->height() - 720) <= 40, 10000);
    waitIdle();
    for (QDockWidget* dock : window_->findChildren<QDockWidget*>())
      QVERIFY2(dock->isVisible() || !window_->tabifiedDockWidgets(dock).isEmpty(), qPrintable(dock->objectName()));
    int views = 0;
    for (SliceView* v : window_->viewArea().visibleSliceViews()) {
      QVERIFY2(v->width() >= 250 && v->height() >= 250,
               qPrintable(QString("%1x%2").arg(v->width()).arg(v->height())));
      ++views;
    }
    QCOMPARE(views, 3);
    window_->resize(1400, 950);
    waitIdle();
  }

  // Item 11: a prediction is replaced in place (same layer, settings kept) and removed; the GT
  // is closed. Through the Layers dock's buttons.
  void layersAreReplacedAndRemoved() {
    QCOMPARE(int(model().predictions().size()), 2);
    const int first = model().predictions().front().id;
    model().setLayerOpacity(first, 0.3);
    window_->loads().replace(demo_ + "/pred_b.nii.gz", first);
    waitIdle();
    QCOMPARE(int(model().predictions().size()), 2);
    QCOMPARE(model().predictions().front().id, first);
    QCOMPARE(model().predictions().front().name, QString("pred_b"));
    QCOMPARE(model().predictions().front().opacity, 0.3);
    QTRY_VERIFY_WITH_TIMEOUT(model().overlap(first) != nullptr, 30000);  // recomputed
    QTreeWidget* tree = window_->layerList().tree();
    auto selectLayer = [&](int id) {
      for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->data(0, Qt::UserRole + 1).toInt() == id) tree->setCurrentItem(tree->topLevelItem(i));  // the id role
      settle();
    };
    auto* remove = window_->layerList().findChild<QPushButton*>("removeLayer");
    QVERIFY(remove);
    selectLayer(first);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(int(model().predictions().size()), 1, 10000);
    QVERIFY(!model().layer(first));
    selectLayer(model().groundTruth()->id);
    QTest::mouseClick(remove, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(model().groundTruth() == nullptr, 10000);
    waitIdle();
    QVERIFY(window_->isVisible());
  }

  void cleanupTestCase() { window_.reset(); }
};

}  // namespace seglens

int main(int argc, char** argv) {
  seglens::keepSharedLibrariesLoadedForLeakChecks();
  QSurfaceFormat::setDefaultFormat(QVTKOpenGLNativeWidget::defaultFormat());
  QApplication app(argc, argv);
  seglens::isolateTestSettings("seglens_ui_ergonomics_tests");
  seglens::ErgonomicsTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "ErgonomicsTest.moc"
