#include "model/BackgroundPriority.h"

#include <tbb/task_scheduler_observer.h>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace seglens {

namespace {

// Lower priority, not idle: background jobs still use all the cores the UI leaves free.
constexpr int kBackgroundNice = 10;

class WorkerPriorityObserver : public tbb::task_scheduler_observer {
 public:
  WorkerPriorityObserver() { observe(true); }
  void on_scheduler_entry(bool isWorker) override {
    if (isWorker) lowerThisThreadPriority();
  }
};

}  // namespace

void lowerThisThreadPriority() {
#if defined(__linux__)
  // On Linux the nice value is per thread (the tid), so this leaves the UI thread alone.
  thread_local bool lowered = false;
  if (lowered) return;
  lowered = true;
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  const int current = getpriority(PRIO_PROCESS, tid);
  if (current < kBackgroundNice) setpriority(PRIO_PROCESS, tid, kBackgroundNice);
#endif
}

void lowerWorkerThreadPriority() {
  static WorkerPriorityObserver observer;
}

}  // namespace seglens
