// seglens-cli eval REFERENCE PREDICTION... : the metrics contract (JSON, CSV, table).
#include <tbb/global_control.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "Commands.h"
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
  std::vector<std::uint32_t> labels;
  std::string labelTable;
  std::string json, csv;
  std::optional<double> threshold;
  bool floatLabels = false;
  bool resample = false;
  std::string empty = "one";
  double smooth = 1.0;
  std::vector<double> tversky;
  int threads = 0;
  bool noDistances = false;
  std::string hd95 = "max";
  double percentile = 95.0;
  std::vector<double> tolerances{1.0, 2.0};
  std::string emptyDistance = "null";
  std::string surface = "voxel";
};

std::string absoluteName(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

int runEval(const EvalArgs& a) {
  std::unique_ptr<tbb::global_control> threads;
  if (a.threads > 0)
    threads = std::make_unique<tbb::global_control>(
        tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(a.threads));
  EvalOptions options;
  Conventions& c = options.conventions;
  c.empty = a.empty == "nan" ? EmptyPolicy::NaN : EmptyPolicy::One;
  c.smooth = a.smooth;
  if (!a.tversky.empty()) {
    c.tverskyAlpha = a.tversky[0];
    c.tverskyBeta = a.tversky[1];
  }
  c.distances = !a.noDistances;
  c.hd95Mode = a.hd95 == "pooled" ? Hd95Mode::Pooled
                                  : (a.hd95 == "mean" ? Hd95Mode::Mean : Hd95Mode::Max);
  c.percentile = a.percentile;
  c.nsdTolerances = a.tolerances;
  c.emptyDistance = a.emptyDistance == "worst" ? EmptyDistance::Worst : EmptyDistance::Null;
  c.surface = a.surface == "surfel" ? SurfaceDefinition::Surfel
                                    : (a.surface == "both" ? SurfaceDefinition::Both
                                                           : SurfaceDefinition::Voxel);
  options.labels = a.labels;
  options.resample = a.resample;
  options.denseConfusion = false;  // the JSON writes the sparse cells only

  LabelLoadOptions load;
  load.threshold = a.threshold;
  load.floatLabels = a.floatLabels;

  const std::string tablePath = a.labelTable.empty() ? LabelTable::findBeside(a.reference) : a.labelTable;
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
  cmd->add_option("--labels", args->labels, "Evaluate only these labels, e.g. 1,2,5")
      ->delimiter(',')
      ->check(foregroundLabel());
  cmd->add_option("--label-table", args->labelTable,
                  "Label names/colours: ITK-SNAP description or AAL-style .txt (+ .lut); default: "
                  "a .txt next to the reference, if any");
  cmd->add_option("--json", args->json, "Write JSON to FILE, or - for stdout");
  cmd->add_option("--csv", args->csv, "Write CSV to FILE, or - for stdout");
  cmd->add_option("--threshold", args->threshold,
                  "Binarise probability maps at T (p >= T); 0-255 maps are scaled by 1/255")
      ->check(finiteRange(0.0, 1.0));
  cmd->add_flag("--float-labels", args->floatLabels, "Read float images as integer label maps");
  cmd->add_flag("--resample", args->resample,
                "Resample predictions on another grid onto the reference (nearest neighbour)");
  cmd->add_option("--empty", args->empty, "Score of a label absent from both: one | nan")
      ->check(CLI::IsMember({"one", "nan"}));
  cmd->add_option("--smooth", args->smooth, "Epsilon of the soft Dice loss (default 1)")
      ->check(finiteRange(0.0, 1e6));
  cmd->add_option("--tversky", args->tversky, "Tversky alpha,beta (default 0.5,0.5 = Dice)")
      ->delimiter(',')
      ->expected(2)
      ->check(finiteRange(0.0, 1e6));
  cmd->add_option("--threads", args->threads, "Worker threads (default: all cores)")
      ->check(integerRange(1, 4096));
  cmd->add_flag("--no-distances", args->noDistances, "Skip surface-distance metrics (faster)");
  cmd->add_option("--hd95", args->hd95,
                  "HD95 definition: max (of directed percentiles; MONAI) | pooled (MedPy) | mean "
                  "(plastimatch)")
      ->check(CLI::IsMember({"max", "pooled", "mean"}));
  cmd->add_option("--percentile", args->percentile, "Percentile of HD95 (default 95)")
      ->check(finiteRange(0.0, 100.0));
  cmd->add_option("--tolerance", args->tolerances, "NSD tolerances in mm, e.g. 1,2")
      ->delimiter(',')
      ->check(finiteRange(0.0, 1e4));
  cmd->add_option("--empty-distance", args->emptyDistance,
                  "Distances when exactly one mask is empty: null | worst (image diagonal)")
      ->check(CLI::IsMember({"null", "worst"}));
  cmd->add_option("--surface", args->surface,
                  "Surface of the distance metrics: voxel (surface voxels; default) | surfel "
                  "(DeepMind surface-distance: area-weighted surfels; BraTS) | both (surfel "
                  "fields prefixed surfel_)")
      ->check(CLI::IsMember({"voxel", "surfel", "both"}));
  return [args]() { return runGuarded([&] { return runEval(*args); }); };
}

}  // namespace seglens::cli
