#pragma once
// A dataset run end to end: resume, parallel evaluation with periodic atomic checkpoints of
// cases.csv, the final files (cases.csv, summary.json, nnunet/<prediction>/summary.json), shard
// manifests and their merge. Every output goes through AtomicFile.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "CasesTable.h"
#include "DatasetCases.h"
#include "DatasetEvaluator.h"

namespace seglens {

struct DatasetRunSpec {
  // Identifies the run: inputs and every option that changes a value (never --jobs). Shards of
  // one run and a resumed run must carry the same JSON.
  nlohmann::json run;
  std::size_t shard = 0, shards = 1;   // --shard I/N
  bool sharded = false;                // writes rows + manifest for merge, no summary
};

// Case id -> {voxels of its grid, voxels under the ignore label}: what finalize needs beyond
// the rows (absent labels' tn, nnU-Net's tn, which excludes ignored voxels).
using CaseSizes = std::map<std::string, std::array<std::uint64_t, 2>>;

class DatasetRun {
 public:
  struct Result {
    std::size_t total = 0, computed = 0, kept = 0;
    std::vector<std::string> failed;   // "case: message", in case order
  };
  using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

  // The run JSON: `options` (every option that changes a value, as the CLI records them),
  // folders, predictions, cases with their files, missing predictions and eval's conventions.
  static nlohmann::json describeRun(const nlohmann::json& options, const std::string& referenceDir,
                                    const std::string& imagesDir,
                                    const std::vector<PredictionSource>& predictions,
                                    const DatasetCases& cases, const Conventions& conventions);

  // Evaluates the run's (shard's) cases into outDir. `resume` keeps the rows of cases finished
  // by an earlier run of the same spec. Checkpoints are written at most once a second and after
  // `killAfter` cases (a test hook: the process then SIGKILLs itself, mid-run). A whole run
  // ends with finalize(); a shard writes its rows and manifest for merge.
  static Result execute(const DatasetEvaluator& evaluator, const DatasetCases& cases,
                        const DatasetRunSpec& spec, const std::string& outDir, int jobs,
                        bool resume, const ProgressFn& progress,
                        std::optional<std::size_t> killAfter = std::nullopt);

  // Refuses (InputError) an existing outDir unless resuming or overwriting; with overwrite
  // removes only the files a run writes.
  static void prepareOutDir(const std::string& outDir, bool resume, bool overwrite);

  // The final files from all rows of the run: absent labels filled in, rows sorted.
  static void finalize(const DatasetEvaluator& evaluator, const nlohmann::json& run,
                       CasesTable table, const CaseSizes& sizes,
                       const std::string& outDir);

  struct Shards {
    nlohmann::json run;
    CasesTable table;
    CaseSizes sizes;
  };
  // Reads shard folders; throws InputError unless they are the complete shards 0..N-1 of one
  // run, each finished.
  static Shards readShards(const std::vector<std::string>& dirs);

  static std::vector<std::string> failedCases(const CasesTable& table);
};

}  // namespace seglens
