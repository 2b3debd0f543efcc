#include "SurfaceView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkRenderWindowInteractor.h>
#include <vtkRenderer.h>

#include "BackgroundPriority.h"
#include "RenderQueue.h"
#include "RenderThrottle.h"
#include "SurfaceBuilder.h"

namespace seglens {

SurfaceView::SurfaceView(ViewerModel& model, QWidget* parent)
    : QVTKOpenGLNativeWidget(parent), model_(model),
      scene_(std::make_unique<SurfaceScene>(model)),
      // A 3D frame costs up to ~100 ms in software OpenGL: while the user scrolls or drags the
      // crosshair the 3D marker catches up once they pause, instead of every slice step waiting.
      crosshairRender_(new RenderThrottle(this, 150, RenderThrottle::Mode::Debounce,
                                          [this] { renderNow(); })) {
  vtkNew<vtkGenericOpenGLRenderWindow> window;
  setRenderWindow(window);
  window->AddRenderer(scene_->renderer());
  vtkNew<vtkInteractorStyleTrackballCamera> style;
  window->GetInteractor()->SetInteractorStyle(style);
  setMinimumSize(120, 120);
  connect(&watcher_, &QFutureWatcher<SurfacePair>::finished, this, &SurfaceView::onBuilt);

  connect(&model_, &ViewerModel::dataChanged, this, [this] {
    scene_->refreshBounds();
    scheduleBuild();
  });
  connect(&model_, &ViewerModel::activePredictionChanged, this, &SurfaceView::scheduleBuild);
  connect(&model_, &ViewerModel::selectedLabelChanged, this, &SurfaceView::scheduleBuild);
  connect(&model_, &ViewerModel::crosshairChanged, this, [this] {
    scene_->refreshCrosshair();
    crosshairRender_->request();
  });
  connect(&model_, &ViewerModel::surfaceColoringChanged, this, [this] {
    vtkPolyData* pred = scene_->predSurface();
    if (model_.surfaceColoring() == SurfaceColoring::SignedDistance && pred &&
        pred->GetNumberOfPoints() > 0 && !pred->GetPointData()->GetArray("SignedDistance")) {
      scheduleBuild();  // distances are computed with the surface, on the worker
      return;
    }
    scene_->refreshColoring();
    requestRender();
  });
  connect(&model_, &ViewerModel::conventionChanged, this, [this] {
    scene_->resetCamera();
    requestRender();
  });
  scene_->refreshBounds();
}

SurfaceView::~SurfaceView() {
  if (token_) token_->cancel();
  watcher_.waitForFinished();
}

void SurfaceView::requestRender() {
  RenderQueue::instance().request(this, [this] { renderNow(); });
}

void SurfaceView::renderNow() {
  if (isVisible()) renderWindow()->Render();
}

void SurfaceView::scheduleBuild() {
  ++generation_;
  if (running_) {
    token_->cancel();
    rebuildPending_ = true;  // restarted from onBuilt() once the worker has stopped
    return;
  }
  startBuild();
}

void SurfaceView::startBuild() {
  rebuildPending_ = false;
  const SegmentationLayer* gt = model_.groundTruth();
  const SegmentationLayer* pred = model_.activePrediction();
  if (!gt && !pred) {
    scene_->setSurfaces(nullptr, nullptr);
    scene_->setStatus("");
    requestRender();
    return;
  }
  std::vector<std::uint32_t> labels;
  if (model_.selectedLabel()) labels.push_back(model_.selectedLabel());
  SurfaceRequest gtRequest, predRequest;
  if (gt) gtRequest = {gt->image, labels, nullptr, 15};
  // The membership scalar is cheap, so it is always computed; the mode only picks the colouring.
  if (pred) predRequest = {pred->image, labels, gt ? gt->image : nullptr, 15};
  // Signed distances need a distance field per label: only when that colouring is shown.
  if (pred && gt && model_.surfaceColoring() == SurfaceColoring::SignedDistance)
    predRequest.signedDistanceReference = gt->image;
  // The GT is a translucent context shell whose detail is the least visible: half the budget.
  gtRequest.maxTriangles = kDefaultMaxSurfaceTriangles / 2;
  token_ = std::make_shared<Progress>();
  auto token = token_;
  running_ = true;
  runningGeneration_ = generation_;
  scene_->setStatus("Building surfaces...");
  requestRender();
  watcher_.setFuture(QtConcurrent::run([gtRequest, predRequest, token]() {
    lowerThisThreadPriority();
    SurfacePair out;
    try {
      if (gtRequest.image) out.gt = buildSurface(gtRequest, token.get());
      if (predRequest.image) out.pred = buildSurface(predRequest, token.get());
    } catch (const Cancelled&) {
      out.cancelled = true;
    } catch (const std::exception& e) {
      out.error = QString::fromStdString(e.what());
    }
    return out;
  }));
}

void SurfaceView::onBuilt() {
  running_ = false;
  SurfacePair result = watcher_.result();
  if (rebuildPending_ || runningGeneration_ != generation_) {
    startBuild();
    return;
  }
  if (result.cancelled) return;
  // The prediction is drawn first and the GT one frame later (see SurfaceScene::holdBackGt).
  const bool stage = result.gt && result.gt->GetNumberOfPoints() > 0 && result.pred &&
                     result.pred->GetNumberOfPoints() > 0;
  scene_->holdBackGt(stage);
  scene_->setSurfaces(result.gt, result.pred);
  if (fittedLabel_ != model_.selectedLabel()) {
    fittedLabel_ = model_.selectedLabel();
    scene_->fitToSurfaces();
  }
  scene_->setStatus(result.error.isEmpty() ? "" : "Surface error: " + result.error.toStdString());
  if (!stage) {
    requestRender();
    Q_EMIT surfacesReady();
    return;
  }
  // Drawn here, and the reveal on a timer rather than posted: Qt runs posted events back to back
  // without servicing timers in between, so the two freezes would add up again.
  renderNow();
  revealPending_ = true;
  QTimer::singleShot(1, this, [this, generation = generation_] {
    revealPending_ = false;
    scene_->holdBackGt(false);
    renderNow();
    if (generation == generation_) Q_EMIT surfacesReady();
  });
}

void SurfaceView::mouseDoubleClickEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) model_.toggleMaximized(ViewId::ThreeD);
}

void SurfaceView::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_R) {
    scene_->resetCamera();
    requestRender();
    return;
  }
  if (event->key() == Qt::Key_M) {
    model_.toggleMaximized(ViewId::ThreeD);
    return;
  }
  QVTKOpenGLNativeWidget::keyPressEvent(event);
}

}  // namespace seglens
