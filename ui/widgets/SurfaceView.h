#pragma once
// The 3D view widget: hosts a SurfaceScene (trackball camera) and rebuilds the surfaces in the
// background whenever the GT, the active prediction or the selected label changes. The latest
// request wins: a new one cancels the running build and stale results are dropped.
#include <QFutureWatcher>
#include <QVTKOpenGLNativeWidget.h>
#include <memory>
#include <vtkSmartPointer.h>

#include "Progress.h"
#include "SurfaceScene.h"
#include "ViewerModel.h"

class vtkPolyData;

namespace seglens {

class RenderThrottle;

struct SurfacePair {
  vtkSmartPointer<vtkPolyData> gt, pred;
  bool cancelled = false;
  QString error;
};

class SurfaceView : public QVTKOpenGLNativeWidget {
  Q_OBJECT
 public:
  explicit SurfaceView(ViewerModel& model, QWidget* parent = nullptr);
  ~SurfaceView() override;

  SurfaceScene& scene() { return *scene_; }
  bool busy() const { return running_ || rebuildPending_ || revealPending_; }
  void requestRender();
  void renderNow();

 Q_SIGNALS:
  void surfacesReady();

 protected:
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void scheduleBuild();
  void startBuild();
  void onBuilt();

  ViewerModel& model_;
  std::unique_ptr<SurfaceScene> scene_;
  RenderThrottle* crosshairRender_;  // owned as a child QObject
  QFutureWatcher<SurfacePair> watcher_;
  std::shared_ptr<Progress> token_;
  bool running_ = false;
  bool rebuildPending_ = false;
  quint64 generation_ = 0, runningGeneration_ = 0;
  bool revealPending_ = false;  // the GT surface is held back until the next event
  std::uint32_t fittedLabel_ = ~0u;  // label the camera was last fitted to
};

}  // namespace seglens
