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
  // Lesion-wise metrics (eval only for now; README "Lesion-wise metrics").
  bool lesions = false;
  LesionOptions lesion;
  std::string lesionMatch = "iou";
  std::string regions;
};

std::string absoluteName(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

// --lesions and its settings (README, "Lesion-wise metrics"); --regions.
void addLesionOptions(CLI::App& cmd, EvalArgs& a) {
  auto* on = cmd.add_flag("--lesions", a.lesions,
                          "Lesion-wise metrics per label: detection counts, F1, lesion-wise Dice "
                          "and HD95, panoptic quality");
  LesionOptions& o = a.lesion;
  cmd.add_option("--lesion-connectivity", o.connectivity, "Component connectivity: 6 | 18 | 26 "
                 "(default 26)")
      ->check(CLI::IsMember({6, 18, 26}))
      ->needs(on);
  cmd.add_option("--lesion-match", a.lesionMatch,
                 "Matching: iou (one-to-one by IoU; default) | overlap (any voxel; WMH) | brats "
                 "(BraTS 2023: merged by dilation, surfel HD95)")
      ->check(CLI::IsMember({"iou", "overlap", "brats"}))
      ->needs(on);
  cmd.add_option("--lesion-iou", o.iouThreshold, "iou: match when IoU > T (default 0.5)")
      ->check(finiteRange(0.0, 1.0))
      ->needs(on);
  cmd.add_flag("--lesion-iou-inclusive", o.iouInclusive, "iou: match when IoU >= T (panoptica)")
      ->needs(on);
  cmd.add_option("--lesion-dilation", o.dilation,
                 "brats: dilation iterations in voxels, 18-neighbourhood (default 3)")
      ->check(integerRange(0, 1000))
      ->needs(on);
  cmd.add_option("--lesion-min-volume", o.minVolumeMm3,
                 "brats: ignore reference lesions of at most MM3 (default 0; BraTS uses 50)")
      ->check(finiteRange(0.0, 1e12))
      ->needs(on);
  cmd.add_option("--lesion-miss-hd95", o.missHd95,
                 "HD95 of a missed lesion or false positive, mm (default 374, the BraTS scorer's)")
      ->check(finiteRange(0.0, 1e9))
      ->needs(on);
  cmd.add_option("--regions", a.regions,
                 "Extra rows for unions of labels, e.g. \"WT=1,2,3;TC=1,3;ET=3\" (every metric)")
      ->check([](const std::string& text) -> std::string {
        try {
          parseRegions(text);
          return "";
        } catch (const std::invalid_argument& e) {
          return e.what();
        }
      });
}

int runEval(const EvalArgs& a) {
  std::unique_ptr<tbb::global_control> threads;
  if (a.eval.threads > 0)
    threads = std::make_unique<tbb::global_control>(
        tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(a.eval.threads));
  EvalOptions options = toEvalOptions(a.eval);
  Conventions& c = options.conventions;
  const LabelLoadOptions load = toLoadOptions(a.eval);
  if (a.lesions) {
    c.lesions = a.lesion;
    c.lesions->match = a.lesionMatch == "brats"     ? LesionMatch::Brats
                       : a.lesionMatch == "overlap" ? LesionMatch::Overlap
                                                    : LesionMatch::Iou;
  }
  options.regions = parseRegions(a.regions);  // already checked by the option's validator

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
  addLesionOptions(*cmd, *args);
  return [args]() { return runGuarded([&] { return runEval(*args); }); };
}

}  // namespace seglens::cli
