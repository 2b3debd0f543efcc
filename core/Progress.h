#pragma once
// A cancel/progress token passed into long core computations. It is Qt-free so core stays
// testable; the UI polls `fraction()` from a timer and sets `cancel()` from a button.
#include <atomic>
#include <stdexcept>

namespace seglens {

class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

class Progress {
 public:
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool isCancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  void report(double fraction) { fraction_.store(fraction, std::memory_order_relaxed); }
  double fraction() const { return fraction_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
  std::atomic<double> fraction_{0.0};
};

// Throws Cancelled when the token asks for it; a null token never cancels.
inline void checkCancelled(const Progress* p) {
  if (p && p->isCancelled()) throw Cancelled();
}
inline void reportProgress(Progress* p, double fraction) {
  if (p) p->report(fraction);
}

}  // namespace seglens
