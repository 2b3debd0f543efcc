// seglens-cli eval REFERENCE PREDICTION... : the metrics contract (JSON, CSV, table).
#include <tbb/global_control.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "Commands.h"
#include "EvalOptionsCli.h"
#include "Evaluation.h"
#include "ImageIO.h"
#include "InputError.h"
#include "LabelTable.h"
#include "OutputFile.h"
#include "ParallelLoader.h"
#include "Report.h"

namespace seglens::cli {
namespace {

struct EvalArgs {
  std::string reference;
  std::vector<std::string> predictions;
  std::string json, csv;
  EvalOptionArgs eval;
};

std::string absoluteName(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

int runEval(const EvalArgs& a) {
  std::unique_ptr<tbb::global_control> threads;
  if (a.eval.threads > 0)
    threads = std::make_unique<tbb::global_control>(
        tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(a.eval.threads));
  const EvalOptions options = toEvalOptions(a.eval);
  const Conventions& c = options.conventions;
  const LabelLoadOptions load = toLoadOptions(a.eval);

  const std::string tablePath = a.eval.labelTable.empty() ? LabelTable::findBeside(a.reference)
                                                    : a.eval.labelTable;
  LabelTable table = tablePath.empty() ? LabelTable{} : LabelTable::load(tablePath);

  refuseSameOutput("--json", a.json, "--csv", a.csv);
  EvalReport report;
  // Reports name their inputs absolutely: a relative name means nothing once the report is
  // read from another directory (the viewer's exports do the same).
  report.referencePath = absoluteName(a.reference);
  report.conventions = c;
  // Reference and predictions load concurrently; each is inflated straight into its image.
  ParallelLoader::Request request;
  request.labelMaps.push_back(a.reference);
  request.labelMaps.insert(request.labelMaps.end(), a.predictions.begin(), a.predictions.end());
  request.options = load;
  ParallelLoader::Result loaded = ParallelLoader::load(request);
  const LabelImage& reference = loaded.labelMaps.front();
  for (std::size_t i = 0; i < a.predictions.size(); ++i) {
    const std::string& path = a.predictions[i];
    auto ev = evaluatePrediction(reference, std::move(loaded.labelMaps[i + 1]),
                                 absoluteName(path), table, options);
    for (const auto& w : ev.warnings) std::cerr << "seglens-cli: warning: " << w << "\n";
    report.predictions.push_back(std::move(ev));
  }
  if (!a.json.empty()) writeOutput(a.json, reportJson(report).dump(2) + "\n");
  if (!a.csv.empty()) writeOutput(a.csv, reportCsv(report));
  if (a.json.empty() && a.csv.empty()) std::cout << reportTable(report);
  return kOk;
}

}  // namespace

Runner addEvalCommand(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  auto* cmd = app.add_subcommand("eval", "Overlap and surface-distance metrics per label");
  cmd->footer(
      "Label 0 is background. Labels evaluated by default: every non-zero label present in the\n"
      "reference or a prediction. A label absent from both scores 1 (--empty one, Metrics\n"
      "Reloaded) or null and excluded from means (--empty nan). Undefined ratios are null.\n"
      "Float images are probability maps: foreground when p >= threshold (default 0.5).\n"
      "Exit codes: 0 ok, 2 usage error, 3 input error (unreadable, corrupt, incompatible grid).");
  cmd->add_option("reference", args->reference, "Reference (ground-truth) label map")->required();
  cmd->add_option("predictions", args->predictions, "Predicted label or probability maps")
      ->required();
  cmd->add_option("--json", args->json, "Write JSON to FILE, or - for stdout");
  cmd->add_option("--csv", args->csv, "Write CSV to FILE, or - for stdout");
  addEvalOptions(*cmd, args->eval);
  return [args]() { return runGuarded([&] { return runEval(*args); }); };
}

}  // namespace seglens::cli
