#pragma once
// A call run once from the event loop however often it is scheduled before it runs. Widgets
// whose contents a model signal invalidates schedule their update with it instead of updating
// inside the signal: the signal may come from one of their own items' handlers (a tree rebuilt
// from its own itemChanged deleted the item still in use, the Layers dock crash), and a burst
// of signals then costs one update.
#include <QMetaObject>
#include <QObject>
#include <functional>
#include <utility>

namespace seglens {

class CoalescedCall {
 public:
  // `fn` runs in `owner`'s thread; nothing runs once `owner` is destroyed.
  CoalescedCall(QObject* owner, std::function<void()> fn) : owner_(owner), fn_(std::move(fn)) {}

  void schedule() {
    if (pending_) return;
    pending_ = true;
    QMetaObject::invokeMethod(owner_, [this] {
      pending_ = false;
      fn_();
    }, Qt::QueuedConnection);
  }
  bool pending() const { return pending_; }

 private:
  QObject* owner_;
  std::function<void()> fn_;
  bool pending_ = false;
};

}  // namespace seglens
