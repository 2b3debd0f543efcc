#pragma once
// One benchmark report for SegLens: every task times our implementation and the ITK baseline a
// user would otherwise run, in the same process, same thread count, and prints medians and the
// ratio. Tasks register themselves from their own files with SEGLENS_BENCH_TASK.
#include <functional>
#include <string>
#include <vector>

namespace seglens::bench {

struct Case {
  std::string name;    // e.g. "overlap 512x512x300 organs"
  std::string target;  // e.g. ">= 30x ITK", shown next to the ratio
  std::function<void()> setup;     // builds inputs, untimed (may be empty)
  std::function<void()> ours;
  std::string baselineName;        // e.g. "itk::LabelOverlapMeasuresImageFilter"
  std::function<void()> baseline;  // may be empty (no baseline)
  std::function<void()> teardown;  // frees inputs, untimed (may be empty)
};

struct Options {
  int repeats = 5;
  std::string filter;  // run only tasks whose name contains this
};

// Tasks add cases lazily (inputs are big): the generator runs only when the task is selected.
using Task = std::function<std::vector<Case>()>;
int registerTask(const std::string& group, Task task);
std::vector<std::pair<std::string, Task>>& tasks();

// Prevents the optimiser from dropping a computed value.
void keep(const void* p);

}  // namespace seglens::bench

#define SEGLENS_BENCH_CONCAT2(a, b) a##b
#define SEGLENS_BENCH_CONCAT(a, b) SEGLENS_BENCH_CONCAT2(a, b)
#define SEGLENS_BENCH_TASK(group, fn) \
  static const int SEGLENS_BENCH_CONCAT(seglensBenchTask_, __LINE__) = \
      ::seglens::bench::registerTask(group, fn)
