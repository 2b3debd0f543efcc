#pragma once
// Renders the views that asked for a frame, a time budget per event-loop turn. A model change
// (a layer arriving, a slice step) makes every view ask at once; rendering them all back to back
// froze the window for the sum of their frames (first frames compile shaders in software
// OpenGL, 20-30 ms each), while splitting them lets input and timers run in between.
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <deque>
#include <functional>

namespace seglens {

class RenderQueue : public QObject {
 public:
  static RenderQueue& instance();
  // Queues `render` for `view` unless it is already queued; dropped if the view is destroyed.
  void request(QObject* view, std::function<void()> render);
  bool empty() const { return queue_.empty(); }

 private:
  RenderQueue();
  void renderNext();

  struct Entry {
    QPointer<QObject> view;
    std::function<void()> render;
  };
  std::deque<Entry> queue_;
  QTimer timer_;
};

}  // namespace seglens
