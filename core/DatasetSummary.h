#pragma once
// summary.json of a dataset run and nnU-Net's summary.json, both computed from the final
// cases.csv rows only, so one run, a resumed run and merged shards give the same bytes.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "CasesTable.h"

namespace seglens {

struct SummaryLabel {
  std::string key;   // cases.csv `label`: "3" or "(1, 2, 3)"
  std::string name;
};

struct SummaryInput {
  const CasesTable* table = nullptr;            // final rows, sorted
  std::vector<std::string> caseIds;             // the run's cases, sorted
  std::vector<std::uint64_t> ignored;           // per case: voxels under the ignore label
  std::vector<std::string> predictions;         // names, in --pred order
  std::vector<SummaryLabel> labels;             // in row order
  int bootstrap = 2000;
  std::uint64_t seed = 0;
};

class DatasetSummary {
 public:
  // Whether a lower value of `metric` is better (distances, error rates, the loss).
  static bool lowerIsBetter(const std::string& metric);
  // Definitions of every statistic, for summary.json's conventions and the README.
  static nlohmann::json definitions();
  // The `statistics` and `paired` arrays.
  static nlohmann::json statistics(const SummaryInput& in);
  static nlohmann::json paired(const SummaryInput& in);
  // nnU-Net v2 summary.json text of prediction `p`: `files[c]` = {reference, prediction} of
  // case c. Rows of cases without values (skipped, failed) are left out, as --chill does.
  static std::string nnunet(const SummaryInput& in, std::size_t p,
                            const std::vector<std::pair<std::string, std::string>>& files);
};

}  // namespace seglens
