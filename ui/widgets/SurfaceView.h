#pragma once
// The 3D view widget: hosts a SurfaceScene (trackball camera) and shows the surfaces that
// SurfaceJobs builds in the background (it owns the job; this view only reads its results).
#include <QVTKOpenGLNativeWidget.h>
#include <memory>

#include "render/SurfaceJobs.h"
#include "render/SurfaceScene.h"
#include "model/ViewerModel.h"

namespace seglens {

class RenderThrottle;

class SurfaceView : public QVTKOpenGLNativeWidget {
  Q_OBJECT
 public:
  explicit SurfaceView(ViewerModel& model, QWidget* parent = nullptr);
  ~SurfaceView() override;

  SurfaceScene& scene() { return *scene_; }
  bool busy() const { return jobs_->busy() || revealPending_; }
  SurfaceJobs& jobs() { return *jobs_; }
  void requestRender();
  void renderNow();

 Q_SIGNALS:
  void surfacesReady();

 protected:
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void onBuilt(const SurfacePair& surfaces);

  ViewerModel& model_;
  std::unique_ptr<SurfaceScene> scene_;
  RenderThrottle* crosshairRender_;  // owned as a child QObject
  SurfaceJobs* jobs_;                // owned as a child QObject
  quint64 shown_ = 0;                // surfaces shown so far (a reveal of older ones is skipped)
  bool revealPending_ = false;  // the GT surface is held back until the next event
  std::uint32_t fittedLabel_ = ~0u;  // label the camera was last fitted to
};

}  // namespace seglens
