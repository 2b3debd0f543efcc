#pragma once
// The one serialisation of evaluation results: `seglens-cli eval` and the viewer's exports both
// go through here, so their JSON and CSV are identical.
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "Evaluation.h"

namespace seglens {

nlohmann::json conventionsJson(const Conventions& conventions);
nlohmann::json labelMetricsJson(const LabelMetrics& m, bool withCounts = true);
nlohmann::json reportJson(const EvalReport& report);
// One row per prediction x label, header first; columns named as the JSON fields.
std::string reportCsv(const EvalReport& report);
// A readable aligned table for terminals.
std::string reportTable(const EvalReport& report);

}  // namespace seglens
