#pragma once
// Surface-distance metrics (HD, HD95, ASSD, MASD, NSD) in millimetres.
#include <vector>

#include "LabelImage.h"
#include "Metrics.h"
#include "Progress.h"

namespace seglens {

// Fills the distance fields of every entry of `labels` (reference vs prediction, same grid).
void addSurfaceDistances(const LabelImage& reference, const LabelImage& prediction,
                         const Conventions& conventions, std::vector<LabelMetrics>& labels,
                         Progress* progress = nullptr);

}  // namespace seglens
