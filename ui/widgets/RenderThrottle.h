#pragma once
// Coalesces the renders a secondary view (3D surfaces, profile chart) does because the crosshair
// moved, so scrolling the slice views is not held up by them. In software OpenGL a 3D frame of
// the demo's surfaces costs about 100 ms: rendering it on every slice step would cap scrolling
// at a few steps per second.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>

namespace seglens {

class RenderThrottle : public QObject {
 public:
  // Throttle: at most one render per interval while requests keep coming, the last one always
  // rendered. Debounce: one render once no request came for an interval.
  enum class Mode { Throttle, Debounce };
  RenderThrottle(QObject* parent, int intervalMs, Mode mode, std::function<void()> render);
  void request();
  bool pending() const { return timer_.isActive(); }

 private:
  void fire();

  int interval_;
  Mode mode_;
  std::function<void()> render_;
  QTimer timer_;
  QElapsedTimer sinceRender_;
};

}  // namespace seglens
