// seglens-bench: prints one table of medians and ratios (ours vs the ITK baseline).
#include <itkMultiThreaderBase.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "BenchHarness.h"

namespace seglens::bench {

std::vector<std::pair<std::string, Task>>& tasks() {
  static std::vector<std::pair<std::string, Task>> all;
  return all;
}

int registerTask(const std::string& group, Task task) {
  tasks().emplace_back(group, std::move(task));
  return 0;
}

void keep(const void* p) { asm volatile("" : : "g"(p) : "memory"); }

namespace {

struct Timing {
  double min = 0, median = 0;
};

Timing time(const std::function<void()>& fn, int repeats) {
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count());
  }
  std::sort(t.begin(), t.end());
  return {t.front(), t[t.size() / 2]};
}

}  // namespace
}  // namespace seglens::bench

int main(int argc, char** argv) {
  using namespace seglens::bench;
  Options opt;
  std::size_t threads = std::thread::hardware_concurrency();
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) opt.repeats = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--filter") && i + 1 < argc) opt.filter = argv[++i];
    else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = std::max(1, std::atoi(argv[++i]));
    else {
      std::printf("usage: seglens-bench [--repeats N] [--filter TEXT] [--threads N]\n");
      return 2;
    }
  }
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  // Same thread count for the ITK baselines.
  itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(static_cast<int>(threads));
  itk::MultiThreaderBase::SetGlobalMaximumNumberOfThreads(static_cast<int>(threads));
  std::printf("seglens-bench: %zu thread(s), median (min) of %d runs, ms; ratio = baseline / ours\n\n",
              threads, opt.repeats);
  std::printf("%-44s %16s %16s  %-40s %8s  %s\n", "task", "ours", "baseline", "baseline is",
              "ratio", "target");
  for (auto& [group, task] : tasks()) {
    for (Case& c : task()) {
      if (!opt.filter.empty() && c.name.find(opt.filter) == std::string::npos) continue;
      if (c.setup) c.setup();
      const Timing ours = time(c.ours, opt.repeats);
      char oursText[64], baseText[64] = "-", ratioText[32] = "-";
      std::snprintf(oursText, sizeof oursText, "%.1f (%.1f)", ours.median, ours.min);
      if (c.baseline) {
        const Timing base = time(c.baseline, opt.repeats);
        std::snprintf(baseText, sizeof baseText, "%.1f (%.1f)", base.median, base.min);
        std::snprintf(ratioText, sizeof ratioText, "%.1fx", base.median / ours.median);
      }
      std::printf("%-44s %16s %16s  %-40s %8s  %s\n", c.name.c_str(), oursText, baseText,
                  c.baselineName.c_str(), ratioText, c.target.c_str());
      std::fflush(stdout);
      if (c.teardown) c.teardown();
    }
  }
  return 0;
}
