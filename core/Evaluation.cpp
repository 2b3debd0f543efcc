#include "Evaluation.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <stdexcept>

#include "ImageIO.h"
#include "InputError.h"
#include "LesionMatching.h"
#include "SurfaceDistance.h"
#include "SurfelSurface.h"

namespace seglens {

SoftSums softSums(const LabelImage& reference, std::uint32_t label,
                  const std::vector<float>& probabilities) {
  const int code = reference.codeOf(label);
  const float* p = probabilities.data();
  return std::visit(
      [&](const auto& ref) {
        return tbb::parallel_reduce(
            tbb::blocked_range<std::size_t>(0, ref.size(), 1 << 16), SoftSums{},
            [&](const auto& r, SoftSums s) {
              // Accumulate in double per block: float sums over 10^8 voxels lose digits.
              double pt = 0, ps = 0, ts = 0;
              for (std::size_t i = r.begin(); i != r.end(); ++i) {
                const double t = int(ref[i]) == code ? 1.0 : 0.0;
                pt += p[i] * t;
                ps += p[i];
                ts += t;
              }
              s.pt += pt;
              s.p += ps;
              s.t += ts;
              return s;
            },
            [](SoftSums a, const SoftSums& b) {
              a.pt += b.pt;
              a.p += b.p;
              a.t += b.t;
              return a;
            });
      },
      reference.codes);
}

namespace {

ConfusionMatrix confusionMatrix(const OverlapCounts& c, bool dense) {
  // Background plus every label seen in either image.
  ConfusionMatrix m;
  m.labels.push_back(0);
  for (std::uint32_t l : c.presentLabels()) m.labels.push_back(l);
  const std::size_t n = m.labels.size();
  auto index = [&](std::uint32_t label) -> std::size_t {
    if (label == 0) return 0;
    return std::size_t(std::lower_bound(m.labels.begin() + 1, m.labels.end(), label) -
                       m.labels.begin());
  };
  // Each code is one label, so the engine's non-zero cells map one to one onto label cells.
  m.cells.reserve(c.joint.size());
  for (const JointCell& cell : c.joint)
    m.cells.push_back({index(c.refValues[cell.refCode]), index(c.predValues[cell.predCode]), cell.count});
  std::sort(m.cells.begin(), m.cells.end(), [](const auto& a, const auto& b) {
    return a.ref != b.ref ? a.ref < b.ref : a.pred < b.pred;
  });
  if (dense) {
    m.counts.assign(n, std::vector<std::uint64_t>(n, 0));
    for (const auto& cell : m.cells) m.counts[cell.ref][cell.pred] += cell.count;
  }
  return m;
}

// A region's voxels as label 1 of a byte image (probabilities dropped: soft scores are hard).
LabelImage regionImage(const LabelImage& image, const std::vector<std::uint32_t>& labels) {
  std::vector<std::uint8_t> inside(image.codeCount(), 0);
  for (std::uint32_t l : labels)
    if (const int c = image.codeOf(l); c > 0) inside[std::size_t(c)] = 1;
  LabelImage out;
  out.geometry = image.geometry;
  out.labelValues = {0, 1};
  LabelImage::Codes8 codes(image.geometry.voxelCount());
  std::visit(
      [&](const auto& c) {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, c.size(), 1 << 16), [&](const auto& r) {
          for (std::size_t i = r.begin(); i != r.end(); ++i) codes[i] = inside[c[i]];
        });
      },
      image.codes);
  out.codes = std::move(codes);
  out.recount();
  return out;
}

RegionMetrics evaluateRegion(const LabelImage& reference, const LabelImage& prediction,
                             const std::string& path, const Region& region,
                             const EvalOptions& options, Progress* progress) {
  EvalOptions one = options;
  one.labels = {1};
  one.regions.clear();
  one.denseConfusion = false;
  PredictionEvaluation ev = evaluatePrediction(regionImage(reference, region.labels),
                                               regionImage(prediction, region.labels), path,
                                               LabelTable{}, one, progress);
  RegionMetrics r{region, std::move(ev.labels.front())};
  r.metrics.label = 0;
  r.metrics.name = region.name;
  return r;
}

std::string trimmed(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

std::vector<Region> parseRegions(const std::string& text) {
  std::vector<Region> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(';', start), text.size());
    const std::string part = trimmed(text.substr(start, end - start));
    start = end + 1;
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    if (eq == 0 || eq == std::string::npos || eq + 1 == part.size())
      throw std::invalid_argument("region \"" + part + "\" is not NAME=LABEL,LABEL,...");
    Region r{trimmed(part.substr(0, eq)), {}};
    for (const Region& o : out)
      if (o.name == r.name) throw std::invalid_argument("region " + r.name + " given twice");
    std::size_t p = eq + 1;
    while (p <= part.size()) {
      const std::size_t q = std::min(part.find(',', p), part.size());
      const std::string v = trimmed(part.substr(p, q - p));
      p = q + 1;
      std::size_t used = 0;
      unsigned long label = 0;
      try {
        label = std::stoul(v, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != v.size() || label == 0 || label > 0xffffffffUL)
        throw std::invalid_argument("region " + r.name + ": \"" + v + "\" is not a label above 0");
      r.labels.push_back(std::uint32_t(label));
    }
    out.push_back(std::move(r));
  }
  return out;
}

PredictionEvaluation evaluateOverlap(const OverlapCounts& counts, const LabelTable& table,
                                     const EvalOptions& options,
                                     const std::optional<ProbabilityScores>& probability) {
  PredictionEvaluation ev;
  std::vector<std::uint32_t> labels = options.labels;
  // A probability map predicts one label: scoring the reference's other labels against it
  // would only add zeros to the mean.
  if (labels.empty() && probability) labels = {probability->label};
  if (labels.empty()) labels = counts.presentLabels();
  const Conventions& conv = options.conventions;
  for (std::uint32_t label : labels) {
    std::optional<SoftSums> soft;
    if (probability && label == probability->label) soft = probability->sums;
    LabelMetrics m = overlapMetrics(label, counts.binary(label), counts.voxelVolume, conv, soft);
    m.name = table.name(label);
    ev.labels.push_back(std::move(m));
  }
  ev.mean = meanMetrics(ev.labels, &ev.meanCount);
  ev.mean.name = "mean";
  ev.foreground = overlapMetrics(0, counts.foreground(), counts.voxelVolume, conv);
  ev.foreground.name = "foreground";
  ev.confusion = confusionMatrix(counts, options.denseConfusion);
  return ev;
}

PredictionEvaluation evaluatePrediction(const LabelImage& reference, LabelImage prediction,
                                        const std::string& predictionPath,
                                        const LabelTable& table, const EvalOptions& options,
                                        Progress* progress) {
  std::string warning;
  prediction = conformToGrid(std::move(prediction), reference.geometry, predictionPath,
                             options.resample, &warning);
  OverlapCounts counts = computeOverlap(reference, prediction, progress);
  std::optional<ProbabilityScores> probability;
  if (prediction.isProbabilityMap()) {
    const std::uint32_t label = prediction.probabilityLabel;
    const auto& l = options.labels;
    if (l.empty() || std::find(l.begin(), l.end(), label) != l.end())
      probability = ProbabilityScores{label, softSums(reference, label, *prediction.probabilities)};
    else
      probability = ProbabilityScores{label, {}};  // its label is not scored: sums unused
  }
  PredictionEvaluation ev = evaluateOverlap(counts, table, options, probability);
  ev.path = predictionPath;
  if (prediction.isProbabilityMap()) ev.threshold = prediction.threshold;
  if (!warning.empty()) ev.warnings.push_back(warning);
  const Conventions& conv = options.conventions;
  if (conv.distances) {
    if (conv.voxelSurface()) addSurfaceDistances(reference, prediction, conv, ev.labels, progress);
    if (conv.surfelSurface()) addSurfelDistances(reference, prediction, conv, ev.labels, progress);
    ev.mean = meanMetrics(ev.labels, &ev.meanCount);  // the distance columns join the mean
    ev.mean.name = "mean";
  }
  if (conv.lesions)
    for (LabelMetrics& m : ev.labels)
      m.lesions = std::make_shared<const LesionResult>(
          evaluateLesions(reference, prediction, {m.label}, conv));
  for (const Region& region : options.regions)
    ev.regions.push_back(evaluateRegion(reference, prediction, predictionPath, region, options, progress));
  ev.counts = std::move(counts);
  return ev;
}

}  // namespace seglens
