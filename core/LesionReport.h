#pragma once
// Serialisation of the lesion-wise metrics (LesionMatching.h), one place for `eval`, the
// dataset command and the viewer's exports: the per-label "lesions" JSON object, its CSV
// columns, and the conventions text that states every rule.
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "LesionMatching.h"

namespace seglens {

// {"tp", "fp", "fn", "precision", "recall", "f1", "lesion_dice", "lesion_hd95", "pq", "sq",
//  "rq", "items": [{"side", "id", "kind", "volume_mm3", "centroid_mm", "dice", "hd95",
//  "matched"}]}; undefined values are null.
nlohmann::json lesionJson(const LesionResult& r);
// ",lesion_tp,lesion_fp,...": the scalar fields as CSV columns, each with a leading comma.
std::string lesionCsvHeader();
// The matching cells (leading commas); empty cells when `r` is null (e.g. the mean row).
std::string lesionCsvCells(const LesionResult* r);
// The conventions' "lesions" object: the options in force and every definition.
nlohmann::json lesionConventionsJson(const LesionOptions& o, const Conventions& c);

}  // namespace seglens
