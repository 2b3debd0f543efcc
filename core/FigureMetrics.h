#pragma once
// The numbers exports carry, computed through core only, so a figure, a CSV and
// `seglens-cli eval` / `slices` / `map` agree to the last digit. Qt-free and thread-safe on
// immutable images: the GUI runs these on a worker thread, the CLI inline.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "Evaluation.h"
#include "LabelImage.h"
#include "LabelTable.h"
#include "Progress.h"
#include "WindowedMap.h"

namespace seglens {

// Metrics of one prediction for `label` as figures show them: overlap scores plus surface
// distances (HD95) for a label; overlap scores only for label 0 (foreground), whose distances
// would need a surface of every label at once.
LabelMetrics figureMetrics(const LabelImage& reference, const LabelImage& prediction,
                           std::uint32_t label, const LabelTable& table,
                           Progress* progress = nullptr);

struct NamedImage {
  std::string path;
  std::shared_ptr<const LabelImage> image;
  // What was done to the file's image before scoring (a resample), copied into the report.
  std::vector<std::string> warnings;
};

// Exactly what `seglens-cli eval REF PRED...` computes with default options: every label,
// default conventions, the given label table; the images' warnings (the reference's on every
// prediction) say what `eval --resample` would.
EvalReport evaluateForExport(const NamedImage& reference, const std::vector<NamedImage>& predictions,
                             const LabelTable& table, Progress* progress = nullptr);

// `seglens-cli slices` CSV (slice,label,tp,fp,fn,dice,jaccard,f1) along index axis 0/1/2 for
// `labels` (empty: every label present in either image).
std::string profileCsv(const LabelImage& reference, const LabelImage& prediction,
                       std::vector<std::uint32_t> labels, int axis, Progress* progress = nullptr);

// Per-slice Dice of `label` along index axis 0/1/2: one value per slice, NaN where the label is
// in neither image (a gap, not a score). The export's profile plot.
std::vector<double> sliceDice(const LabelImage& reference, const LabelImage& prediction,
                              std::uint32_t label, int axis, Progress* progress = nullptr);

// The slice range [first - margin, last + margin] (clamped, end exclusive) where any curve has a
// value; {0, 0} when none has. A figure shows where the label is with a little context.
std::pair<std::size_t, std::size_t> valuedRange(const std::vector<std::vector<double>>& curves,
                                                std::size_t margin);

// Writes text through a temporary file and a rename; refuses to replace an existing file unless
// `overwrite`. Throws std::runtime_error naming the file.
void writeTextFile(const std::string& path, const std::string& text, bool overwrite);

}  // namespace seglens
