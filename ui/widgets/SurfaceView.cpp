#include "widgets/SurfaceView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QTimer>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkRenderWindowInteractor.h>
#include <vtkRenderer.h>

#include "widgets/RenderQueue.h"
#include "widgets/RenderThrottle.h"

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
  jobs_ = new SurfaceJobs(model_, this);
  connect(jobs_, &SurfaceJobs::started, this, [this] {
    scene_->setStatus("Building surfaces...");
    requestRender();
  });
  connect(jobs_, &SurfaceJobs::built, this, &SurfaceView::onBuilt);
  connect(jobs_, &SurfaceJobs::cleared, this, [this] {
    scene_->setSurfaces(nullptr, nullptr);
    scene_->setStatus("");
    requestRender();
  });
  connect(jobs_, &SurfaceJobs::failed, this, [this](const QString& message) {
    scene_->setStatus("Surface error: " + message.toStdString());
    requestRender();
    Q_EMIT surfacesReady();
  });
  connect(&model_, &ViewerModel::dataChanged, this, [this] {
    scene_->refreshBounds();
    scene_->refreshColoring();  // a new label table recolours the surfaces already shown
    requestRender();
  });
  connect(&model_, &ViewerModel::crosshairChanged, this, [this] {
    scene_->refreshCrosshair();
    crosshairRender_->request();
  });
  connect(&model_, &ViewerModel::surfaceColoringChanged, this, [this] {
    scene_->refreshColoring();  // SurfaceJobs rebuilds when the colouring needs distances
    requestRender();
  });
  connect(&model_, &ViewerModel::conventionChanged, this, [this] {
    scene_->resetCamera();
    requestRender();
  });
  scene_->refreshBounds();
  jobs_->schedule();
}

SurfaceView::~SurfaceView() = default;

void SurfaceView::requestRender() {
  RenderQueue::instance().request(this, [this] { renderNow(); });
}

void SurfaceView::renderNow() {
  if (isVisible()) renderWindow()->Render();
}

void SurfaceView::onBuilt(const SurfacePair& result) {
  ++shown_;
  // The prediction is drawn first and the GT one frame later (see SurfaceScene::holdBackGt).
  const bool stage = result.gt && result.gt->GetNumberOfPoints() > 0 && result.pred &&
                     result.pred->GetNumberOfPoints() > 0;
  scene_->holdBackGt(stage);
  scene_->setSurfaces(result.gt, result.pred);
  if (fittedLabel_ != model_.selectedLabel()) {
    fittedLabel_ = model_.selectedLabel();
    scene_->fitToSurfaces();
  }
  scene_->setStatus("");
  if (!stage) {
    requestRender();
    Q_EMIT surfacesReady();
    return;
  }
  // Drawn here, and the reveal on a timer rather than posted: Qt runs posted events back to back
  // without servicing timers in between, so the two freezes would add up again.
  renderNow();
  revealPending_ = true;
  QTimer::singleShot(1, this, [this, shown = shown_] {
    revealPending_ = false;
    scene_->holdBackGt(false);
    renderNow();
    if (shown == shown_ && !jobs_->busy()) Q_EMIT surfacesReady();
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
