#include "widgets/RenderThrottle.h"

#include <algorithm>

namespace seglens {

RenderThrottle::RenderThrottle(QObject* parent, int intervalMs, Mode mode,
                               std::function<void()> render)
    : QObject(parent), interval_(intervalMs), mode_(mode), render_(std::move(render)) {
  timer_.setSingleShot(true);
  connect(&timer_, &QTimer::timeout, this, &RenderThrottle::fire);
}

void RenderThrottle::request() {
  if (mode_ == Mode::Debounce) {
    timer_.start(interval_);
    return;
  }
  if (timer_.isActive()) return;
  const qint64 since = sinceRender_.isValid() ? sinceRender_.elapsed() : interval_;
  timer_.start(int(std::max<qint64>(0, interval_ - since)));
}

void RenderThrottle::fire() {
  sinceRender_.start();
  render_();
}

}  // namespace seglens
