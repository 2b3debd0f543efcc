// The real main window on the demo case under xvfb-run: rendered pixels, scrolling, crosshair
// linking, error dialogs. Plus the orientation check on rendered pixels, through an offscreen
// render window (the path headless screenshots take).
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QVTKOpenGLNativeWidget.h>
#include <QtTest>
#include <vtkDataArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>

#include "widgets/SanitizerSupport.h"
#include "DemoCase.h"
#include "DemoWindow.h"
#include "render/ErrorSlicePipeline.h"
#include "widgets/LoadController.h"
#include "widgets/MainWindow.h"
#include "render/OverlayColors.h"
#include "render/SliceScene.h"
#include "widgets/SliceView.h"
#include "render/SurfaceScene.h"
#include "widgets/SurfaceView.h"
#include "widgets/ViewArea.h"
#include "TestSettings.h"

namespace seglens {

class MainWindowTest : public QObject {
  Q_OBJECT
 private:
  QString demo_;
  std::unique_ptr<MainWindow> window_;

  SliceView* axial() { return window_->viewArea().sliceView(ViewAxis::Axial); }

  // Waits until no load, overlap job or surface build is running.
  void waitIdle() {
    QSignalSpy idle(window_.get(), &MainWindow::idle);
    window_->notifyWhenIdle();
    QVERIFY(idle.wait(120000));
  }

  // Colour of the pixel showing physical point p in `view`, rendered now.
  static QColor pixelAt(SliceView* view, const Vec3& p) {
    view->renderNow();
    const QImage image = view->grabFramebuffer();
    const QPointF pos = view->widgetPosition(p) * view->devicePixelRatioF();
    return image.pixelColor(int(pos.x()), int(pos.y()));
  }

  // Renders `scene` into a size x size offscreen window (the headless screenshot path) and reads
  // back its RGBA pixels, bottom row first. The window is returned: the scene's display mapping
  // needs it alive.
  static vtkSmartPointer<vtkRenderWindow> renderOffscreen(SliceScene& scene, int size,
                                                          vtkUnsignedCharArray* pixels) {
    scene.rebuild();
    auto window = vtkSmartPointer<vtkRenderWindow>::New();
    window->SetOffScreenRendering(1);
    window->SetSize(size, size);
    SliceScene::configureWindow(window);
    window->AddRenderer(scene.renderer());
    window->Render();
    window->GetRGBACharPixelData(0, 0, size - 1, size - 1, 0, pixels);
    return window;
  }

  static bool near(const QColor& c, const colors::Rgb& rgb, int tolerance = 3) {
    return std::abs(c.red() - rgb[0]) <= tolerance && std::abs(c.green() - rgb[1]) <= tolerance &&
           std::abs(c.blue() - rgb[2]) <= tolerance;
  }

  // A voxel whose 3x3 in-plane neighbourhood all satisfies `pred` (so its pixel is not on an
  // edge). Searched on the current axial slice first, then on the others; the crosshair moves
  // to its slice but away from it, so the crosshair lines do not cover it.
  std::optional<Vec3> findVoxel(const std::function<bool(std::size_t)>& pred) {
    ViewerModel& m = window_->model();
    const Geometry& g = *m.referenceGeometry();
    const auto c = g.physicalToIndex(m.crosshair());
    const long k0 = std::lround(c[2]);
    for (long dk = 0; dk < long(g.size[2]); ++dk) {
      const long k = (k0 + dk) % long(g.size[2]);
      for (long j = 5; j < long(g.size[1]) - 5; ++j)
        for (long i = 5; i < long(g.size[0]) - 5; ++i) {
          bool all = true;
          for (long dj = -1; dj <= 1 && all; ++dj)
            for (long di = -1; di <= 1 && all; ++di)
              all = pred(g.linearIndex(std::size_t(i + di), std::size_t(j + dj), std::size_t(k)));
          if (!all) continue;
          const double ci = i < long(g.size[0]) / 2 ? double(i + 12) : double(i - 12);
          const double cj = j < long(g.size[1]) / 2 ? double(j + 12) : double(j - 12);
          m.setCrosshair(g.indexToPhysical(ci, cj, double(k)));
          return g.indexToPhysical(double(i), double(j), double(k));
        }
    }
    return std::nullopt;
  }

 private Q_SLOTS:
  void initTestCase() {
    const QString work = qEnvironmentVariable("SEGLENS_TEST_WORK", QDir::tempPath() + "/seglens-ui-test");
    demo_ = work + "/demo";
    QDir().mkpath(demo_);
    if (!QFile::exists("/usr/share/mricron/templates/ch2.nii.gz"))
      QSKIP("mricron-data is not installed: no demo case");
    writeDemoCase(demo_.toStdString());
    window_ = std::make_unique<MainWindow>();
    QVERIFY(openDemoCase(*window_, demo_, 2));
    waitIdle();
    QVERIFY(window_->model().scan());
    QVERIFY(window_->model().groundTruth());
    QCOMPARE(int(window_->model().predictions().size()), 2);
  }

  void overlayPixelHasGtColour() {
    ViewerModel& m = window_->model();
    m.setDisplayMode(DisplayMode::Labels);
    m.setSelectedLabel(0);
    for (const auto& p : m.predictions()) m.setLayerVisible(p.id, false);
    m.setLayerMode(m.groundTruth()->id, OverlayMode::Fill);
    m.setLayerOpacity(m.groundTruth()->id, 1.0);
    const LabelImage& gt = *m.groundTruth()->image;
    const std::uint32_t target = gt.presentLabels().front();
    const auto q = findVoxel([&](std::size_t i) { return gt.labelAt(i) == target; });
    QVERIFY(q);
    const std::uint32_t expected = target;
    const QColor c = pixelAt(axial(), *q);
    QVERIFY2(near(c, m.labelColor(expected)),
             qPrintable(QString("pixel %1 vs label %2 colour").arg(c.name()).arg(expected)));
    // Hidden layer: the pixel no longer has the label colour.
    m.setLayerVisible(m.groundTruth()->id, false);
    QVERIFY(!near(pixelAt(axial(), *q), m.labelColor(expected)));
    m.setLayerVisible(m.groundTruth()->id, true);
    m.setLayerOpacity(m.groundTruth()->id, 0.5);
  }

  void errorMapColours() {
    ViewerModel& m = window_->model();
    m.setActivePrediction(m.predictions()[0].id);  // model A: noise, a missed label, FP blobs
    m.setDisplayMode(DisplayMode::ErrorMap);
    m.setErrorScope(ErrorScope::AllLabels);
    m.setSelectedLabel(0);
    m.setLayerOpacity(m.groundTruth()->id, 1.0);  // the error map's opacity
    const LabelImage& gt = *m.groundTruth()->image;
    const LabelImage& pred = *m.activePrediction()->image;
    const struct {
      ErrorClass cls;
      colors::Rgb rgb;
    } cases[] = {{ErrorClass::TruePositive, colors::kTruePositive},
                 {ErrorClass::FalsePositive, colors::kFalsePositive},   // model A's blobs
                 {ErrorClass::FalseNegative, colors::kFalseNegative}};  // its missed label
    for (const auto& c : cases) {
      const auto p = findVoxel([&](std::size_t i) {
        return classifyVoxel(gt.labelAt(i), pred.labelAt(i), 0) == c.cls;
      });
      QVERIFY2(p, "no voxel of the class");
      const QColor got = pixelAt(axial(), *p);
      QVERIFY2(near(got, c.rgb), qPrintable(QString("class %1: pixel %2").arg(int(c.cls)).arg(got.name())));
    }
    m.setDisplayMode(DisplayMode::Labels);
    m.setLayerOpacity(m.groundTruth()->id, 0.5);
  }

  void wheelChangesSlice() {
    SliceView* view = axial();
    const int before = view->scene().slice();
    const Vec3 crossBefore = window_->model().crosshair();
    const QPoint centre(view->width() / 2, view->height() / 2);
    QWheelEvent up(centre, view->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                   Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view, &up);
    QCOMPARE(view->scene().slice(), before + 1);
    QVERIFY(window_->model().crosshair() != crossBefore);
    QTest::keyClick(view, Qt::Key_PageDown);
    QCOMPARE(view->scene().slice(), before);
  }

  void clickMovesCrosshairInAllViews() {
    ViewerModel& m = window_->model();
    m.resetViews();
    SliceView* view = axial();
    view->renderNow();
    const Geometry& g = *m.referenceGeometry();
    // A point 20 voxels off the centre in i and j, on the current axial slice.
    const auto c = g.physicalToIndex(m.crosshair());
    const Vec3 target = g.indexToPhysical(c[0] + 20, c[1] - 15, c[2]);
    const QPointF pos = view->widgetPosition(target);
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, pos.toPoint());
    const auto idx = g.physicalToIndex(m.crosshair());
    QVERIFY(std::abs(idx[0] - (c[0] + 20)) < 1.01);
    QVERIFY(std::abs(idx[1] - (c[1] - 15)) < 1.01);
    QCOMPARE(idx[2], c[2]);  // an axial click never changes the axial slice
    for (ViewAxis a : {ViewAxis::Coronal, ViewAxis::Sagittal}) {
      SliceScene& s = window_->viewArea().sliceView(a)->scene();
      QCOMPARE(s.slice(), s.grid().sliceOf(m.crosshair()));
    }
    // The coronal view's crosshair is drawn at the new point.
    SliceView* coronal = window_->viewArea().sliceView(ViewAxis::Coronal);
    coronal->renderNow();
    const QPointF cp = coronal->widgetPosition(m.crosshair());
    QVERIFY(cp.x() > 0 && cp.x() < coronal->width() && cp.y() > 0 && cp.y() < coronal->height());
  }

  void badFileShowsErrorAndKeepsData() {
    ViewerModel& m = window_->model();
    const auto gtBefore = m.groundTruth()->image;
    const QString bad = demo_ + "/broken.nii.gz";
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a NIfTI file");
    f.close();
    QSignalSpy errors(&window_->loads(), &LoadController::errorShown);
    window_->openFile(bad, LayerRole::GroundTruth);
    QVERIFY(errors.wait(30000));
    QVERIFY(errors.first().first().toString().contains("broken.nii.gz"));
    auto* box = window_->findChild<QMessageBox*>("errorDialog");
    QVERIFY(box);
    QVERIFY(box->isVisible());
    box->close();
    QCOMPARE(m.groundTruth()->image, gtBefore);
    QCOMPARE(int(m.predictions().size()), 2);
  }

  void surfaceColouredByDistanceToGt() {
    ViewerModel& m = window_->model();
    m.setSelectedLabel(0);
    m.setSurfaceColoring(SurfaceColoring::SignedDistance);
    waitIdle();
    SurfaceScene& scene = window_->viewArea().surfaceView()->scene();
    QVERIFY(scene.predSurface());
    vtkDataArray* d = scene.predSurface()->GetPointData()->GetArray("SignedDistance");
    QVERIFY2(d, "the prediction surface was rebuilt with distances");
    // The demo's predictions follow the GT within a few mm, except the false-positive blobs
    // the demo drops into other structures: those lie far from their label's GT surface.
    int finite = 0, near = 0;
    double largest = 0;
    for (vtkIdType i = 0; i < d->GetNumberOfTuples(); ++i) {
      const double v = d->GetTuple1(i);
      if (!std::isfinite(v)) continue;
      ++finite;
      near += std::abs(v) < 5;
      largest = std::max(largest, std::abs(v));
    }
    QVERIFY(finite > d->GetNumberOfTuples() / 2);
    QVERIFY2(near > 0.9 * finite, qPrintable(QString("%1 of %2 within 5 mm").arg(near).arg(finite)));
    QVERIFY2(largest > 10, qPrintable(QString("largest |distance| %1 mm").arg(largest)));
    m.setSurfaceColoring(SurfaceColoring::Label);
    waitIdle();
  }

  void renderedOrientationOffscreen() {
    // Same anatomy in two files (identity vs permuted+flipped axes) rendered offscreen: the
    // labelled point lands on the same pixel.
    std::array<std::optional<std::array<double, 2>>, 2> where;
    for (int variant = 0; variant < 2; ++variant) {
      Geometry g;
      std::vector<std::uint32_t> labels;
      if (variant == 0) {
        g.size = {40, 40, 20};
        g.origin = {-20, -20, -10};
        labels.assign(g.voxelCount(), 0);
        for (std::size_t j = 8; j < 14; ++j)
          for (std::size_t i = 4; i < 10; ++i) labels[g.linearIndex(i, j, 10)] = 1;  // patient right, anterior
      } else {
        g.size = {20, 40, 40};  // a = k, b = -j, c = -i
        g.direction = {0, 0, -1, 0, -1, 0, 1, 0, 0};
        g.origin = {19, 19, -10};
        labels.assign(g.voxelCount(), 0);
        for (std::size_t j = 8; j < 14; ++j)
          for (std::size_t i = 4; i < 10; ++i) labels[g.linearIndex(10, 39 - j, 39 - i)] = 1;
      }
      ViewerModel m;
      m.setGroundTruth(std::make_shared<LabelImage>(LabelImage::fromLabels(g, labels.data())), "gt.nii");
      m.setLayerOpacity(m.groundTruth()->id, 1.0);
      m.setCrosshair({0, 0, 0});
      SliceScene scene(m, ViewAxis::Axial);
      vtkNew<vtkUnsignedCharArray> pixels;
      const auto window = renderOffscreen(scene, 200, pixels);
      const auto colour = m.labelColor(1);
      double sx = 0, sy = 0, n = 0;
      for (int y = 0; y < 200; ++y)
        for (int x = 0; x < 200; ++x) {
          const unsigned char* px = pixels->GetPointer((y * 200 + x) * 4);
          if (px[0] == colour[0] && px[1] == colour[1] && px[2] == colour[2]) sx += x, sy += y, n += 1;
        }
      QVERIFY2(n > 50, "label not rendered");
      where[std::size_t(variant)] = std::array<double, 2>{sx / n, sy / n};
    }
    QVERIFY(std::abs((*where[0])[0] - (*where[1])[0]) < 1.0);
    QVERIFY(std::abs((*where[0])[1] - (*where[1])[1]) < 1.0);
    QVERIFY((*where[0])[0] < 100);  // patient right on screen left (radiological)
    QVERIFY((*where[0])[1] > 100);  // anterior at the top
  }

  void zoomedRenderKeepsVoxelsInPlace() {
    // Zoomed in, the composite is upsampled on the CPU: labels must still cover exactly their
    // voxels on screen and the scan must be smooth (bilinear) between voxel centres.
    Geometry g;
    g.size = {40, 30, 10};
    g.spacing = {1.0, 2.0, 3.0};
    auto scan = std::make_shared<ScalarImage>();
    scan->geometry = g;
    scan->voxels.resize(g.voxelCount());
    std::vector<std::uint32_t> labels(g.voxelCount(), 0);
    for (std::size_t k = 0; k < 10; ++k)
      for (std::size_t j = 0; j < 30; ++j)
        for (std::size_t i = 0; i < 40; ++i) scan->voxels[g.linearIndex(i, j, k)] = float(10 * i);
    for (std::size_t j = 10; j < 13; ++j)
      for (std::size_t i = 20; i < 24; ++i) labels[g.linearIndex(i, j, 5)] = 1;
    ViewerModel m;
    m.setScan(scan, "ramp.nii");
    m.setGroundTruth(std::make_shared<LabelImage>(LabelImage::fromLabels(g, labels.data())), "gt.nii");
    m.setLayerOpacity(m.groundTruth()->id, 1.0);
    m.setWindowLevel({400, 200});  // grey = value * 255 / 400
    m.setCrosshair(g.indexToPhysical(2, 2, 5));
    ViewCamera cam = m.camera(ViewAxis::Axial);
    cam.zoom = 3;
    m.setCamera(ViewAxis::Axial, cam);
    SliceScene scene(m, ViewAxis::Axial);
    vtkNew<vtkUnsignedCharArray> pixels;
    const auto window = renderOffscreen(scene, 300, pixels);
    auto pixel = [&](const Vec3& p) {
      const auto d = scene.physicalToDisplay(p);
      const int x = int(std::floor(d[0])), y = int(std::floor(d[1]));
      return pixels->GetPointer((y * 300 + x) * 4);
    };
    const auto colour = m.labelColor(1);
    for (std::size_t j = 10; j < 13; ++j)
      for (std::size_t i = 20; i < 24; ++i) {
        const unsigned char* px = pixel(g.indexToPhysical(double(i), double(j), 5));
        QVERIFY2(near(QColor(px[0], px[1], px[2]), colour, 0), qPrintable(QString("voxel %1,%2").arg(i).arg(j)));
      }
    // Just outside the label, a voxel centre shows its own grey; halfway between two voxel
    // centres the grey is their mean.
    auto grey = [](double value) { return int(std::lround(value * 255 / 400)); };
    const unsigned char* out = pixel(g.indexToPhysical(25, 11, 5));
    QVERIFY2(std::abs(out[0] - grey(250)) <= 2 && out[0] == out[1] && out[1] == out[2],
             qPrintable(QString("voxel centre grey %1 vs %2").arg(out[0]).arg(grey(250))));
    const unsigned char* mid = pixel(g.indexToPhysical(25.5, 11, 5));
    QVERIFY2(std::abs(mid[0] - (grey(250) + grey(260)) / 2.0) <= 2,
             qPrintable(QString("midway grey %1").arg(mid[0])));
    const unsigned char* edge = pixel(g.indexToPhysical(24.3, 11, 5));
    QVERIFY2(!near(QColor(edge[0], edge[1], edge[2]), colour, 20), "label bleeds past its voxel");
  }

  void cleanupTestCase() { window_.reset(); }
};

}  // namespace seglens

int main(int argc, char** argv) {
  seglens::keepSharedLibrariesLoadedForLeakChecks();
  QSurfaceFormat::setDefaultFormat(QVTKOpenGLNativeWidget::defaultFormat());
  QApplication app(argc, argv);
  seglens::isolateTestSettings("seglens_ui_window_tests");
  seglens::MainWindowTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "MainWindowTest.moc"
