// seglens-cli merge SHARD_DIR... --out OUT_DIR : the shards of one `dataset --shard I/N` run
// into the cases.csv and summary.json that the unsharded run writes (core/DatasetRun).
#include <iostream>
#include <memory>

#include "CliSupport.h"
#include "Commands.h"
#include "DatasetRun.h"
#include "EvalOptionsCli.h"

namespace seglens::cli {
namespace {

struct MergeArgs {
  std::vector<std::string> shards;
  std::string out = "seglens-dataset";
  bool overwrite = false;
};

int runMerge(const MergeArgs& a) {
  DatasetRun::Shards shards = DatasetRun::readShards(a.shards);
  std::vector<std::string> names;
  for (const auto& p : shards.run.at("predictions")) names.push_back(p.at("name"));
  const DatasetEvaluator evaluator(datasetConfig(shards.run.at("options"), names));
  DatasetRun::prepareOutDir(a.out, false, a.overwrite);
  const auto failed = DatasetRun::failedCases(shards.table);
  DatasetRun::finalize(evaluator, shards.run, std::move(shards.table), shards.sizes, a.out);
  std::cerr << "seglens-cli: merge: " << a.shards.size() << " shards, "
            << shards.run.at("cases").size() << " cases\n";
  if (failed.empty()) return kOk;
  std::cerr << "seglens-cli: " << failed.size() << " failed:\n";
  for (const auto& f : failed) std::cerr << "  " << f << "\n";
  return kInputError;
}

}  // namespace

Runner addMergeCommand(CLI::App& app) {
  auto a = std::make_shared<MergeArgs>();
  auto* cmd = app.add_subcommand("merge", "Merge the shards of a dataset run");
  cmd->add_option("shards", a->shards, "Shard folders (every OUT of --shard I/N, once each)")
      ->required();
  cmd->add_option("--out", a->out, "Output folder (default ./seglens-dataset)");
  cmd->add_flag("--overwrite", a->overwrite, "Replace the outputs of an earlier merge in --out");
  return [a]() { return runGuarded([&] { return runMerge(*a); }); };
}

}  // namespace seglens::cli
