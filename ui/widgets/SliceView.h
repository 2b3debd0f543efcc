#pragma once
// A slice view widget: hosts a SliceScene and turns mouse/keyboard input into model changes
// (crosshair, slice, zoom/pan, window/level). Redraws on model signals, coalesced per event-loop
// turn so a burst of changes renders once.
#include <QPoint>
#include <QVTKOpenGLNativeWidget.h>
#include <memory>
#include <vtkCallbackCommand.h>
#include <vtkSmartPointer.h>

#include "render/Annotation.h"
#include "render/SliceScene.h"
#include "model/ViewerModel.h"

namespace seglens {

class SliceView : public QVTKOpenGLNativeWidget {
  Q_OBJECT
 public:
  SliceView(ViewerModel& model, ViewAxis axis, QWidget* parent = nullptr);
  ~SliceView() override;

  // The scene, rebuilt first if new data is waiting for this view's turn to render.
  SliceScene& scene();
  ViewAxis axis() const { return axis_; }
  void setPredictionFilter(int predictionId);
  // Widget pixel (logical, origin top-left) of a physical point on the current slice.
  QPointF widgetPosition(const Vec3& p) const;
  Vec3 physicalAt(const QPointF& widgetPos) const;
  void requestRender();
  void renderNow();

 Q_SIGNALS:
  void cursorMoved(const seglens::Vec3& physical);
  void cursorLeft();

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  enum class Drag { None, Crosshair, Pan, Zoom, WindowLevel };
  void stepSlice(int steps);
  void ensureBuilt() const;
  static void onOverlayRender(vtkObject*, unsigned long, void* self, void*);

  ViewerModel& model_;
  ViewAxis axis_;
  std::unique_ptr<SliceScene> scene_;
  // The view's text (letters, position, scale bar, legend, compare title): the exports' pieces,
  // laid out for the renderer's size at the start of every frame.
  SliceAnnotation annotation_;
  vtkSmartPointer<vtkCallbackCommand> overlayCallback_;
  mutable bool rebuildPending_ = false;
  Drag drag_ = Drag::None;
  QPoint lastPos_;
};

}  // namespace seglens
