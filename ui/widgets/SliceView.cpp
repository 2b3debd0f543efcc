#include "widgets/SliceView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QTimer>
#include <QWheelEvent>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkNew.h>
#include <vtkRenderWindowInteractor.h>
#include <vtkRenderer.h>

#include <cmath>

#include "widgets/RenderQueue.h"

namespace seglens {

SliceView::SliceView(ViewerModel& model, ViewAxis axis, QWidget* parent)
    : QVTKOpenGLNativeWidget(parent), model_(model), axis_(axis),
      scene_(std::make_unique<SliceScene>(model, axis)) {
  vtkNew<vtkGenericOpenGLRenderWindow> window;
  SliceScene::configureWindow(window);
  setRenderWindow(window);
  window->AddRenderer(scene_->renderer());
  // The annotation renderer is a layer above the scene; it lays itself out as each frame starts,
  // whatever triggered the frame (our render queue, or Qt repainting the widget).
  window->SetNumberOfLayers(2);
  annotation_.renderer()->SetLayer(1);
  window->AddRenderer(annotation_.renderer());
  overlayCallback_ = vtkSmartPointer<vtkCallbackCommand>::New();
  overlayCallback_->SetCallback(&SliceView::onOverlayRender);
  overlayCallback_->SetClientData(this);
  annotation_.renderer()->AddObserver(vtkCommand::StartEvent, overlayCallback_);
  // Input is handled in Qt (below); VTK's default trackball style must not rotate the slice.
  window->GetInteractor()->SetInteractorStyle(nullptr);
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setMinimumSize(120, 120);

  // Partial refreshes are skipped while a rebuild is pending: the rebuild redoes everything.
  auto refresh = [this](void (SliceScene::*fn)()) {
    return [this, fn] {
      if (!rebuildPending_) (scene_.get()->*fn)();
      requestRender();
    };
  };
  // A rebuild (new data: resampling every layer's slice) waits for the view's turn in the
  // render queue, so a layer arriving does not rebuild all views in one UI-thread stretch.
  auto deferRebuild = [this] {
    rebuildPending_ = true;
    requestRender();
  };
  connect(&model_, &ViewerModel::dataChanged, this, deferRebuild);
  connect(&model_, &ViewerModel::conventionChanged, this, deferRebuild);
  connect(&model_, &ViewerModel::overlayChanged, this, refresh(&SliceScene::refreshOverlays));
  connect(&model_, &ViewerModel::activePredictionChanged, this,
          refresh(&SliceScene::refreshOverlays));
  connect(&model_, &ViewerModel::crosshairChanged, this, refresh(&SliceScene::refreshCrosshair));
  connect(&model_, &ViewerModel::windowLevelChanged, this,
          refresh(&SliceScene::refreshWindowLevel));
  // The compare title's name and Dice: laid out again with the next frame.
  connect(&model_, &ViewerModel::overlapChanged, this, &SliceView::requestRender);
  connect(&model_, &ViewerModel::selectedLabelChanged, this, &SliceView::requestRender);
  connect(&model_, &ViewerModel::cameraChanged, this, [this](ViewAxis a) {
    if (a == axis_) requestRender();
  });
  scene_->rebuild();
}

SliceView::~SliceView() { annotation_.renderer()->RemoveObserver(overlayCallback_); }

void SliceView::onOverlayRender(vtkObject*, unsigned long, void* self, void*) {
  auto* view = static_cast<SliceView*>(self);
  const int* size = view->scene_->renderer()->GetSize();
  if (size[0] <= 0 || size[1] <= 0) return;
  const SliceScene& scene = *view->scene_;
  view->annotation_.update(scene, view->model_, viewerAnnotations(scene, view->model_),
                           viewerTileText(scene), size[0], size[1], view->devicePixelRatioF());
}

void SliceView::setPredictionFilter(int predictionId) {
  scene_->setPredictionFilter(predictionId);  // rebuilds
  rebuildPending_ = false;
  requestRender();
}

void SliceView::requestRender() {
  RenderQueue::instance().request(this, [this] {
    // A pending rebuild and the frame after it are two steps, so the queue can hand the event
    // loop back in between when the first one used up the turn.
    if (rebuildPending_) {
      ensureBuilt();
      requestRender();
      return;
    }
    renderNow();
  });
}

void SliceView::renderNow() {
  ensureBuilt();
  if (isVisible()) renderWindow()->Render();
}

void SliceView::ensureBuilt() const {
  if (!rebuildPending_) return;
  rebuildPending_ = false;
  scene_->rebuild();
}

SliceScene& SliceView::scene() {
  ensureBuilt();
  return *scene_;
}

QPointF SliceView::widgetPosition(const Vec3& p) const {
  const double dpr = devicePixelRatioF();
  ensureBuilt();
  const auto d = scene_->physicalToDisplay(p);
  return {d[0] / dpr, height() - d[1] / dpr};
}

Vec3 SliceView::physicalAt(const QPointF& pos) const {
  const double dpr = devicePixelRatioF();
  ensureBuilt();
  return scene_->displayToPhysical(pos.x() * dpr, (height() - pos.y()) * dpr);
}

void SliceView::stepSlice(int steps) {
  ensureBuilt();
  if (!scene_->hasData() || steps == 0) return;
  const SliceGrid& g = scene_->grid();
  // Move to the exact depth of the target slice so the crosshair stays on the grid.
  const int k = std::clamp(scene_->slice() + steps, 0, g.sliceCount - 1);
  Vec3 c = g.fromPhysical(model_.crosshair());
  model_.setCrosshair(g.toPhysical(c[0], c[1], g.sliceDepth(k)));
}

void SliceView::mousePressEvent(QMouseEvent* event) {
  setFocus();
  lastPos_ = event->pos();
  const bool ctrl = event->modifiers() & Qt::ControlModifier;
  const bool shift = event->modifiers() & Qt::ShiftModifier;
  if (event->button() == Qt::LeftButton && shift) drag_ = Drag::WindowLevel;
  else if (event->button() == Qt::LeftButton && ctrl) drag_ = Drag::Pan;
  else if (event->button() == Qt::LeftButton) drag_ = Drag::Crosshair;
  else if (event->button() == Qt::MiddleButton) drag_ = Drag::Pan;
  else if (event->button() == Qt::RightButton) drag_ = Drag::Zoom;
  ensureBuilt();
  if (drag_ == Drag::Crosshair && scene_->hasData()) model_.setCrosshair(physicalAt(event->pos()));
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
  const QPoint delta = event->pos() - lastPos_;
  lastPos_ = event->pos();
  ensureBuilt();
  if (scene_->hasData()) Q_EMIT cursorMoved(physicalAt(event->pos()));
  switch (drag_) {
    case Drag::None: return;
    case Drag::Crosshair: model_.setCrosshair(physicalAt(event->pos())); return;
    case Drag::Pan: {
      const double mm = scene_->mmPerPixel() * devicePixelRatioF();
      ViewCamera c = model_.camera(axis_);
      c.panX -= delta.x() * mm;
      c.panY += delta.y() * mm;
      model_.setCamera(axis_, c);
      return;
    }
    case Drag::Zoom: {
      ViewCamera c = model_.camera(axis_);
      c.zoom *= std::exp(-delta.y() * 0.01);
      model_.setCamera(axis_, c);
      return;
    }
    case Drag::WindowLevel: {
      // Proportional to the current window so the drag feels the same for CT and MR ranges.
      WindowLevel wl = model_.windowLevel();
      const double unit = std::max(wl.window, 1e-3) * 0.005;
      wl.window = std::max(1e-3, wl.window + delta.x() * unit);
      wl.level -= delta.y() * unit;
      model_.setWindowLevel(wl);
      return;
    }
  }
}

void SliceView::mouseReleaseEvent(QMouseEvent*) { drag_ = Drag::None; }

void SliceView::mouseDoubleClickEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) model_.toggleMaximized(ViewId(int(axis_)));
}

void SliceView::wheelEvent(QWheelEvent* event) {
  // One slice per wheel notch (120 units); trackpads send smaller deltas, accumulated by Qt.
  const int steps = event->angleDelta().y() / 120;
  stepSlice(steps != 0 ? steps : (event->angleDelta().y() > 0 ? 1 : -1));
  event->accept();
}

void SliceView::keyPressEvent(QKeyEvent* event) {
  ensureBuilt();
  if (!scene_->hasData()) return QVTKOpenGLNativeWidget::keyPressEvent(event);
  const SliceGrid& g = scene_->grid();
  const Vec3& r = g.axes.right;
  const Vec3& u = g.axes.up;
  switch (event->key()) {
    case Qt::Key_PageUp: stepSlice(1); break;
    case Qt::Key_PageDown: stepSlice(-1); break;
    case Qt::Key_Left: model_.stepCrosshair(r, -g.dx); break;
    case Qt::Key_Right: model_.stepCrosshair(r, g.dx); break;
    case Qt::Key_Up: model_.stepCrosshair(u, g.dy); break;
    case Qt::Key_Down: model_.stepCrosshair(u, -g.dy); break;
    case Qt::Key_R: model_.resetViews(); break;
    case Qt::Key_M: model_.toggleMaximized(ViewId(int(axis_))); break;
    default: QWidget::keyPressEvent(event); return;
  }
  event->accept();
}

void SliceView::leaveEvent(QEvent* event) {
  Q_EMIT cursorLeft();
  QVTKOpenGLNativeWidget::leaveEvent(event);
}

void SliceView::resizeEvent(QResizeEvent* event) {
  QVTKOpenGLNativeWidget::resizeEvent(event);
  requestRender();
}

}  // namespace seglens
