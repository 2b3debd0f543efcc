#pragma once
// The metric options `eval` and `dataset` share: registered, validated and turned into
// EvalOptions in one place, so both commands accept the same spellings and defaults. `dataset`
// also records them (toJson) in its manifest, from which `merge` rebuilds the same options.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "Evaluation.h"
#include "ImageIO.h"

namespace seglens::cli {

struct EvalOptionArgs {
  std::vector<std::uint32_t> labels;
  std::string labelTable;
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

void addEvalOptions(CLI::App& cmd, EvalOptionArgs& args);
EvalOptions toEvalOptions(const EvalOptionArgs& args);
LabelLoadOptions toLoadOptions(const EvalOptionArgs& args);
// Every option that changes a value (not --threads), and back.
nlohmann::json toJson(const EvalOptionArgs& args);
EvalOptionArgs evalOptionsFromJson(const nlohmann::json& j);

}  // namespace seglens::cli

#include "DatasetEvaluator.h"

namespace seglens::cli {

// The dataset run's configuration from the options recorded in its manifest (`options` of the
// run JSON): `dataset` and `merge` build it the same way, so merged shards score absent labels
// exactly as one run does.
DatasetConfig datasetConfig(const nlohmann::json& options,
                            const std::vector<std::string>& predictionNames);

}  // namespace seglens::cli
