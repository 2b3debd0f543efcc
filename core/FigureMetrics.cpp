#include "FigureMetrics.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "AtomicFile.h"
#include "InputError.h"
#include "Metrics.h"
#include "OverlapEngine.h"

namespace seglens {

LabelMetrics figureMetrics(const LabelImage& reference, const LabelImage& prediction,
                           std::uint32_t label, const LabelTable& table, Progress* progress) {
  if (label == 0) {
    const OverlapCounts counts = computeOverlap(reference, prediction, progress);
    LabelMetrics m = overlapMetrics(0, counts.foreground(), counts.voxelVolume, Conventions{});
    m.name = "foreground";
    return m;
  }
  EvalOptions options;
  options.labels = {label};
  PredictionEvaluation ev = evaluatePrediction(reference, prediction, "", table, options, progress);
  for (const LabelMetrics& m : ev.labels)
    if (m.label == label) return m;
  throw std::runtime_error("label " + std::to_string(label) + " was not evaluated");
}

EvalReport evaluateForExport(const NamedImage& reference, const std::vector<NamedImage>& predictions,
                             const LabelTable& table, Progress* progress) {
  EvalReport report;
  report.referencePath = reference.path;
  EvalOptions options;
  report.conventions = options.conventions;
  for (const NamedImage& p : predictions) {
    report.predictions.push_back(
        evaluatePrediction(*reference.image, *p.image, p.path, table, options, progress));
    auto& w = report.predictions.back().warnings;
    w.insert(w.begin(), p.warnings.begin(), p.warnings.end());
    w.insert(w.begin(), reference.warnings.begin(), reference.warnings.end());
  }
  return report;
}

namespace {

// Same formatting as `seglens-cli slices`: empty where the label is on neither image.
std::string score(double num, double den) {
  if (den == 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", num / den);
  return buf;
}

}  // namespace

std::string profileCsv(const LabelImage& reference, const LabelImage& prediction,
                       std::vector<std::uint32_t> labels, int axis, Progress* progress) {
  if (labels.empty()) labels = computeOverlap(reference, prediction, progress).presentLabels();
  std::ostringstream os;
  os << "slice,label,tp,fp,fn,dice,jaccard,f1\n";
  for (std::uint32_t label : labels) {
    const auto profile = sliceProfile(reference, prediction, label, axis, progress);
    for (std::size_t s = 0; s < profile.size(); ++s) {
      const auto& c = profile[s];
      const double tp = c.tp, fp = double(c.pred) - c.tp, fn = double(c.ref) - c.tp;
      const std::string dice = score(2 * tp, 2 * tp + fp + fn);
      os << s << "," << label << "," << c.tp << "," << (c.pred - c.tp) << "," << (c.ref - c.tp)
         << "," << dice << "," << score(tp, tp + fp + fn) << "," << dice << "\n";
    }
  }
  return os.str();
}

std::vector<double> sliceDice(const LabelImage& reference, const LabelImage& prediction,
                              std::uint32_t label, int axis, Progress* progress) {
  std::vector<double> out;
  for (const auto& c : sliceProfile(reference, prediction, label, axis, progress)) {
    const double den = double(c.ref) + double(c.pred);
    out.push_back(den > 0 ? 2.0 * double(c.tp) / den : std::nan(""));
  }
  return out;
}

std::pair<std::size_t, std::size_t> valuedRange(const std::vector<std::vector<double>>& curves,
                                                std::size_t margin) {
  std::size_t first = SIZE_MAX, last = 0, size = 0;
  for (const auto& c : curves) {
    size = std::max(size, c.size());
    for (std::size_t i = 0; i < c.size(); ++i)
      if (!std::isnan(c[i])) first = std::min(first, i), last = std::max(last, i);
  }
  if (first == SIZE_MAX) return {0, 0};
  return {first > margin ? first - margin : 0, std::min(size, last + margin + 1)};
}

void writeTextFile(const std::string& path, const std::string& text, bool overwrite) {
  namespace fs = std::filesystem;
  if (!overwrite && fs::exists(path)) throw InputError(path, "file exists");
  AtomicFile::write(path, text);  // temp file + rename for regular files, in place for devices
}

}  // namespace seglens
