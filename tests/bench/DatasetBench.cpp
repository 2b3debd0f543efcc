// Dataset benchmark: a generated 40-case dataset (192x192x96, 5 labels, 2 models, distances
// on) scored by `seglens-cli dataset` against what a user runs today: a shell loop of
// `seglens-cli eval` per case (both models per call), and plastimatch `dice` per case x model
// when installed. All run as child processes (seglens-bench links only core); the table's
// ratio is loop time / dataset time, and cases/s are printed under it.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "BenchHarness.h"

namespace fs = std::filesystem;

namespace seglens::bench {
namespace {

constexpr int kCases = 40;

struct DatasetBench {
  fs::path dir;
  std::map<std::string, std::vector<double>> seconds;  // per runner, one entry per repeat
  std::map<std::string, std::vector<double>> cpu;      // children's user+sys seconds
};

double childCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

DatasetBench& state() {
  static DatasetBench s;
  return s;
}

void shell(const std::string& script, const std::string& runner) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu0 = childCpuSeconds();
  const int status = std::system(("bash -c '" + script + "'").c_str());
  state().cpu[runner].push_back(childCpuSeconds() - cpu0);
  state().seconds[runner].push_back(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    std::fprintf(stderr, "seglens-bench: %s failed (status %d)\n", runner.c_str(), status);
}

// CPU seconds per case (all children): shows whether a ratio comes from doing less work or
// from keeping the cores busier.
double medianCpuPerCase(const std::string& runner) {
  auto v = state().cpu[runner];
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2] / kCases;
}

double medianCasesPerSecond(const std::string& runner) {
  auto v = state().seconds[runner];
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return kCases / v[v.size() / 2];
}

std::string evalLoop() {
  const std::string d = state().dir.string();
  return "for f in " + d + "/labelsTs/*.nii.gz; do n=$(basename $f); " SEGLENS_CLI " eval $f " +
         d + "/model0/$n " + d + "/model1/$n --csv /dev/null || exit 1; done";
}

std::string plastimatchLoop() {
  const std::string d = state().dir.string();
  return "for f in " + d + "/labelsTs/*.nii.gz; do n=$(basename $f); for m in model0 model1; do "
         "plastimatch dice $f " + d + "/$m/$n >/dev/null || exit 1; done; done";
}

std::vector<Case> datasetCases() {
  const bool plastimatch = std::system("command -v plastimatch >/dev/null 2>&1") == 0;
  Case c;
  c.name = "dataset 40 cases 192x192x96 5 labels x2 models";
  c.target = ">= 3x eval loop";
  c.setup = [] {
    state().dir = fs::temp_directory_path() / ("seglens-bench-dataset-" + std::to_string(::getpid()));
    fs::remove_all(state().dir);
    const std::string cmd = std::string(SEGLENS_MAKE_DATASET) + " " + state().dir.string() +
                            " " + std::to_string(kCases) + " 192 192 96 5 2";
    if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "seglens-bench: dataset not made\n");
  };
  c.ours = [] {
    const std::string d = state().dir.string();
    shell(std::string(SEGLENS_CLI) + " dataset --ref " + d + "/labelsTs --pred a=" + d +
              "/model0 --pred b=" + d + "/model1 --out " + d + "/out --overwrite 2>/dev/null",
          "dataset");
  };
  c.baselineName = "bash loop: seglens-cli eval per case";
  c.baseline = [] { shell(evalLoop(), "eval loop"); };
  std::vector<Case> cases{c};
  if (plastimatch) {
    Case p = c;
    p.name = "dataset 40 cases (same) vs plastimatch";
    p.target = "(reported; binary Dice only)";
    p.setup = nullptr;  // the dataset of the first case is reused
    p.baselineName = "bash loop: plastimatch dice per case x model";
    p.baseline = [] { shell(plastimatchLoop(), "plastimatch loop"); };
    cases.push_back(p);
  }
  cases.back().teardown = [plastimatch] {
    std::printf("  dataset: %.2f cases/s, %.3f CPU s/case; eval loop: %.2f cases/s, %.3f CPU "
                "s/case (ratio %.2fx)\n",
                medianCasesPerSecond("dataset"), medianCpuPerCase("dataset"),
                medianCasesPerSecond("eval loop"), medianCpuPerCase("eval loop"),
                medianCasesPerSecond("dataset") / std::max(1e-9, medianCasesPerSecond("eval loop")));
    if (plastimatch)
      std::printf("  plastimatch dice loop: %.2f cases/s, %.3f CPU s/case (ratio %.2fx)\n",
                  medianCasesPerSecond("plastimatch loop"), medianCpuPerCase("plastimatch loop"),
                  medianCasesPerSecond("dataset") /
                      std::max(1e-9, medianCasesPerSecond("plastimatch loop")));
    else
      std::printf("  plastimatch: not installed (apt-get install plastimatch), not compared\n");
    fs::remove_all(state().dir);
  };
  return cases;
}

SEGLENS_BENCH_TASK("dataset", datasetCases);

}  // namespace
}  // namespace seglens::bench
