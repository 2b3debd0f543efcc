#include "widgets/RenderQueue.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>

namespace seglens {

RenderQueue& RenderQueue::instance() {
  // Owned by the application object; it holds only weak pointers to the views.
  static RenderQueue* queue = new RenderQueue;
  return *queue;
}

RenderQueue::RenderQueue() : QObject(QCoreApplication::instance()) {
  // A zero timer, not a posted event: posted events queued while others are handled still run
  // in the same pass, so the renders would again run back to back.
  timer_.setInterval(0);
  timer_.setSingleShot(true);
  connect(&timer_, &QTimer::timeout, this, &RenderQueue::renderNext);
}

void RenderQueue::request(QObject* view, std::function<void()> render) {
  const bool queued = std::any_of(queue_.begin(), queue_.end(),
                                  [view](const Entry& e) { return e.view == view; });
  if (!queued) queue_.push_back({view, std::move(render)});
  if (!timer_.isActive()) timer_.start();
}

void RenderQueue::renderNext() {
  // Cheap frames (a slice step: a few ms each) still render together, so the window is
  // composed once per step; after kTurnBudgetMs the rest waits for the next turn.
  constexpr qint64 kTurnBudgetMs = 16;
  QElapsedTimer turn;
  turn.start();
  while (!queue_.empty() && turn.elapsed() < kTurnBudgetMs) {
    Entry e = std::move(queue_.front());
    queue_.pop_front();
    if (e.view) e.render();
  }
  if (!queue_.empty()) timer_.start();
}

}  // namespace seglens
