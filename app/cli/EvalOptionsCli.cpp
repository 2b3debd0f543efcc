#include "EvalOptionsCli.h"

#include "CliSupport.h"

namespace seglens::cli {

void addEvalOptions(CLI::App& cmd, EvalOptionArgs& a) {
  cmd.add_option("--labels", a.labels, "Evaluate only these labels, e.g. 1,2,5")
      ->delimiter(',')
      ->check(foregroundLabel());
  cmd.add_option("--label-table", a.labelTable,
                 "Label names/colours: ITK-SNAP description or AAL-style .txt (+ .lut); default: "
                 "a .txt next to the reference, if any");
  cmd.add_option("--threshold", a.threshold,
                 "Binarise probability maps at T (p >= T); 0-255 maps are scaled by 1/255")
      ->check(finiteRange(0.0, 1.0));
  cmd.add_flag("--float-labels", a.floatLabels, "Read float images as integer label maps");
  cmd.add_flag("--resample", a.resample,
               "Resample predictions on another grid onto the reference (nearest neighbour)");
  cmd.add_option("--empty", a.empty, "Score of a label absent from both: one | nan")
      ->check(CLI::IsMember({"one", "nan"}));
  cmd.add_option("--smooth", a.smooth, "Epsilon of the soft Dice loss (default 1)")
      ->check(finiteRange(0.0, 1e6));
  cmd.add_option("--tversky", a.tversky, "Tversky alpha,beta (default 0.5,0.5 = Dice)")
      ->delimiter(',')
      ->expected(2)
      ->check(finiteRange(0.0, 1e6));
  cmd.add_option("--threads", a.threads, "Worker threads (default: all cores)")
      ->check(integerRange(1, 4096));
  cmd.add_flag("--no-distances", a.noDistances, "Skip surface-distance metrics (faster)");
  cmd.add_option("--hd95", a.hd95,
                 "HD95 definition: max (of directed percentiles; MONAI) | pooled (MedPy) | mean "
                 "(plastimatch)")
      ->check(CLI::IsMember({"max", "pooled", "mean"}));
  cmd.add_option("--percentile", a.percentile, "Percentile of HD95 (default 95)")
      ->check(finiteRange(0.0, 100.0));
  cmd.add_option("--tolerance", a.tolerances, "NSD tolerances in mm, e.g. 1,2")
      ->delimiter(',')
      ->check(finiteRange(0.0, 1e4));
  cmd.add_option("--empty-distance", a.emptyDistance,
                 "Distances when exactly one mask is empty: null | worst (image diagonal)")
      ->check(CLI::IsMember({"null", "worst"}));
  cmd.add_option("--surface", a.surface,
                 "Surface of the distance metrics: voxel (surface voxels; default) | surfel "
                 "(DeepMind surface-distance: area-weighted surfels; BraTS) | both (surfel "
                 "fields prefixed surfel_)")
      ->check(CLI::IsMember({"voxel", "surfel", "both"}));
}

EvalOptions toEvalOptions(const EvalOptionArgs& a) {
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
  return options;
}

LabelLoadOptions toLoadOptions(const EvalOptionArgs& a) {
  LabelLoadOptions load;
  load.threshold = a.threshold;
  load.floatLabels = a.floatLabels;
  return load;
}

nlohmann::json toJson(const EvalOptionArgs& a) {
  return {{"labels", a.labels},
          {"label_table", a.labelTable},
          {"threshold", a.threshold ? nlohmann::json(*a.threshold) : nlohmann::json(nullptr)},
          {"float_labels", a.floatLabels},
          {"resample", a.resample},
          {"empty", a.empty},
          {"smooth", a.smooth},
          {"tversky", a.tversky},
          {"distances", !a.noDistances},
          {"hd95", a.hd95},
          {"percentile", a.percentile},
          {"tolerances", a.tolerances},
          {"empty_distance", a.emptyDistance},
          {"surface", a.surface}};
}

EvalOptionArgs evalOptionsFromJson(const nlohmann::json& j) {
  EvalOptionArgs a;
  a.labels = j.at("labels").get<std::vector<std::uint32_t>>();
  a.labelTable = j.at("label_table");
  if (!j.at("threshold").is_null()) a.threshold = j.at("threshold").get<double>();
  a.floatLabels = j.at("float_labels");
  a.resample = j.at("resample");
  a.empty = j.at("empty");
  a.smooth = j.at("smooth");
  a.tversky = j.at("tversky").get<std::vector<double>>();
  a.noDistances = !j.at("distances").get<bool>();
  a.hd95 = j.at("hd95");
  a.percentile = j.at("percentile");
  a.tolerances = j.at("tolerances").get<std::vector<double>>();
  a.emptyDistance = j.at("empty_distance");
  a.surface = j.value("surface", std::string("voxel"));
  return a;
}

}  // namespace seglens::cli

namespace seglens::cli {

DatasetConfig datasetConfig(const nlohmann::json& options,
                            const std::vector<std::string>& predictionNames) {
  const EvalOptionArgs e = evalOptionsFromJson(options.at("eval"));
  DatasetConfig config;
  config.options = toEvalOptions(e);
  config.load = toLoadOptions(e);
  if (!e.labelTable.empty()) config.table = LabelTable::load(e.labelTable);
  if (!options.at("dataset_json").is_null())
    config.spec = DatasetSpec::load(options.at("dataset_json").get<std::string>());
  const std::string missing = options.at("missing");
  config.missing = missing == "worst"  ? MissingPolicy::Worst
                   : missing == "skip" ? MissingPolicy::Skip
                                       : MissingPolicy::Error;
  config.predictionNames = predictionNames;
  return config;
}

}  // namespace seglens::cli
