// seglens-cli dataset --ref DIR --pred NAME=DIR... : a test set x several models, one command.
// The work is in core (DatasetCases, DatasetEvaluator, DatasetRun); this file parses options
// and reports progress.
#include <tbb/global_control.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "CliSupport.h"
#include "Commands.h"
#include "DatasetRun.h"
#include "EvalOptionsCli.h"
#include "InputError.h"

namespace fs = std::filesystem;

namespace seglens::cli {
namespace {

struct DatasetArgs {
  std::string ref;
  std::vector<std::string> preds;
  std::string images, datasetJson, out = "seglens-dataset", shard;
  int jobs = 0;
  bool resume = false, overwrite = false;
  std::string missing = "error";
  int bootstrap = 2000;
  std::uint64_t seed = 0;
  EvalOptionArgs eval;
};

std::string absolute(const std::string& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec).lexically_normal();
  if (a.filename().empty()) a = a.parent_path();
  return a.string();
}

std::vector<PredictionSource> predictionSources(const std::vector<std::string>& specs) {
  std::vector<PredictionSource> out;
  for (const std::string& s : specs) {
    const auto eq = s.find('=');
    PredictionSource p;
    p.dir = absolute(eq == std::string::npos ? s : s.substr(eq + 1));
    p.name = eq == std::string::npos ? fs::path(p.dir).filename().string() : s.substr(0, eq);
    // The name becomes a folder (nnunet/NAME) and a CSV field.
    if (p.name.empty() || p.name == "." || p.name == ".." ||
        p.name.find_first_of("/\\") != std::string::npos)
      throw UsageError("--pred " + s + ": the name must be a plain word (NAME=DIR)");
    for (const auto& q : out)
      if (q.name == p.name) throw UsageError("--pred: the name \"" + p.name + "\" is used twice");
    out.push_back(std::move(p));
  }
  return out;
}

std::pair<std::size_t, std::size_t> parseShard(const std::string& s) {
  std::size_t i = 0, n = 0;
  char extra = 0;
  if (std::sscanf(s.c_str(), "%zu/%zu%c", &i, &n, &extra) != 2 || n == 0 || i >= n)
    throw UsageError("--shard " + s + ": expected I/N with 0 <= I < N");
  return {i, n};
}

// One line on a terminal, rewritten in place; nothing until the end otherwise (logs of
// batch jobs should not fill with carriage returns).
class ProgressLine {
 public:
  ProgressLine() : tty_(::isatty(STDERR_FILENO) == 1), start_(Clock::now()) {}
  void update(std::size_t done, std::size_t total, std::size_t kept) {
    done_ = done, total_ = total, kept_ = kept;
    if (!tty_) return;
    const double s = seconds(), rate = s > 0 ? double(done - kept) / s : 0;
    const double eta = rate > 0 ? double(total - done) / rate : 0;
    std::fprintf(stderr, "\r%zu/%zu cases, %.2f cases/s, ETA %.0f s   ", done, total, rate, eta);
  }
  void finish() const {
    const double s = seconds();
    std::fprintf(stderr, "%sseglens-cli: dataset: %zu/%zu cases (%zu kept from the last run) in "
                 "%.1f s, %.2f cases/s\n",
                 tty_ ? "\r" : "", done_, total_, kept_, s, s > 0 ? double(done_ - kept_) / s : 0);
  }

 private:
  using Clock = std::chrono::steady_clock;
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  bool tty_;
  Clock::time_point start_;
  std::size_t done_ = 0, total_ = 0, kept_ = 0;
};

int runDataset(const DatasetArgs& a) {
  std::unique_ptr<tbb::global_control> threads;
  if (a.eval.threads > 0)
    threads = std::make_unique<tbb::global_control>(
        tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(a.eval.threads));
  const auto sources = predictionSources(a.preds);
  DatasetRunSpec spec;
  if (!a.shard.empty()) std::tie(spec.shard, spec.shards) = parseShard(a.shard), spec.sharded = true;
  const std::string datasetJson =
      a.datasetJson.empty() ? DatasetSpec::findFor(a.ref) : absolute(a.datasetJson);
  EvalOptionArgs eval = a.eval;
  if (!eval.labelTable.empty()) eval.labelTable = absolute(eval.labelTable);
  const nlohmann::json options{
      {"eval", toJson(eval)}, {"missing", a.missing}, {"bootstrap", a.bootstrap},
      {"seed", a.seed},
      {"dataset_json", datasetJson.empty() ? nlohmann::json(nullptr) : nlohmann::json(datasetJson)}};
  std::vector<std::string> names;
  for (const auto& s : sources) names.push_back(s.name);
  const DatasetEvaluator evaluator(datasetConfig(options, names));
  const DatasetCases cases =
      DatasetCases::discover(a.ref, sources, a.images.empty() ? "" : absolute(a.images));
  for (const auto& w : cases.warnings) std::cerr << "seglens-cli: warning: " << w << "\n";
  const auto missing = cases.missing(sources);
  if (!missing.empty() && a.missing == "error") {
    std::cerr << "seglens-cli: error: " << missing.size()
              << " predictions missing (--missing worst|skip to score or skip them):\n";
    for (const auto& m : missing) std::cerr << "  " << m << "\n";
    return kInputError;
  }
  spec.run = DatasetRun::describeRun(options, absolute(a.ref),
                                     a.images.empty() ? "" : absolute(a.images), sources, cases,
                                     evaluator.config().options.conventions);
  DatasetRun::prepareOutDir(a.out, a.resume, a.overwrite);
  // One more case than cores: the next case's loading (mostly one thread inflating gzip)
  // overlaps the current cases' metrics.
  const int jobs = a.jobs > 0 ? a.jobs : int(std::max(1u, std::thread::hardware_concurrency())) + 1;
  std::optional<std::size_t> killAfter;
  if (const char* k = std::getenv("SEGLENS_TEST_KILL_AFTER")) killAfter = std::stoul(k);
  ProgressLine line;
  bool first = true;
  std::size_t kept = 0;  // the first report counts the cases kept by --resume
  const auto result = DatasetRun::execute(
      evaluator, cases, spec, a.out, jobs, a.resume,
      [&](std::size_t done, std::size_t total) {
        if (first) kept = done, first = false;
        line.update(done, total, kept);
      },
      killAfter);
  line.update(result.kept + result.computed, result.total, result.kept);
  line.finish();
  if (result.failed.empty()) return kOk;
  std::cerr << "seglens-cli: " << result.failed.size() << " failed:\n";
  for (const auto& f : result.failed) std::cerr << "  " << f << "\n";
  return kInputError;
}

}  // namespace

Runner addDatasetCommand(CLI::App& app) {
  auto a = std::make_shared<DatasetArgs>();
  auto* cmd = app.add_subcommand("dataset", "Evaluate a test set for several models");
  cmd->footer(
      "Case ids are the reference files' names without extension; each prediction folder holds\n"
      "CASE.<ext> (nnU-Net layout). Writes OUT/cases.csv, OUT/summary.json and\n"
      "OUT/nnunet/<prediction>/summary.json. Exit codes: 0 ok, 2 usage, 3 input error or a\n"
      "case that failed (listed on stderr).");
  cmd->add_option("--ref", a->ref, "Folder of reference label maps (labelsTs/)")->required();
  cmd->add_option("--pred", a->preds, "Predictions folder, NAME=DIR (repeat per model)")
      ->required();
  cmd->add_option("--images", a->images, "Images folder (imagesTs/, CASE_0000.<ext>)");
  cmd->add_option("--dataset-json", a->datasetJson,
                  "nnU-Net dataset.json (labels, regions, ignore); default: beside --ref or in "
                  "its parent");
  cmd->add_option("--out", a->out, "Output folder (default ./seglens-dataset)");
  cmd->add_option("--shard", a->shard, "Evaluate part I of N (0 <= I < N), for merge");
  cmd->add_option("--jobs", a->jobs, "Cases in parallel (default: cores + 1)")
      ->check(integerRange(1, 4096));
  cmd->add_flag("--resume", a->resume, "Keep the finished cases of an earlier run in --out");
  cmd->add_flag("--overwrite", a->overwrite, "Replace the outputs of an earlier run in --out");
  cmd->add_option("--missing", a->missing, "Missing prediction: error | worst | skip")
      ->check(CLI::IsMember({"error", "worst", "skip"}));
  cmd->add_option("--bootstrap", a->bootstrap, "Bootstrap resamples of the CIs (default 2000)")
      ->check(integerRange(0, 1000000));
  cmd->add_option("--seed", a->seed, "Bootstrap seed (default 0)");
  addEvalOptions(*cmd, a->eval);
  return [a]() { return runGuarded([&] { return runDataset(*a); }); };
}

}  // namespace seglens::cli
