#include "Evaluation.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>

#include "ImageIO.h"
#include "InputError.h"
#include "SurfaceDistance.h"

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

PredictionEvaluation evaluatePrediction(const LabelImage& reference, LabelImage prediction,
                                        const std::string& predictionPath,
                                        const LabelTable& table, const EvalOptions& options,
                                        Progress* progress) {
  PredictionEvaluation ev;
  ev.path = predictionPath;
  std::string warning;
  prediction = conformToGrid(std::move(prediction), reference.geometry, predictionPath,
                             options.resample, &warning);
  if (!warning.empty()) ev.warnings.push_back(warning);
  ev.counts = computeOverlap(reference, prediction, progress);
  std::vector<std::uint32_t> labels = options.labels;
  // A probability map predicts one label: scoring the reference's other labels against it
  // would only add zeros to the mean.
  if (labels.empty() && prediction.isProbabilityMap()) labels = {prediction.probabilityLabel};
  if (labels.empty()) labels = ev.counts.presentLabels();
  const double voxelVolume = reference.geometry.voxelVolume();
  const Conventions& conv = options.conventions;

  for (std::uint32_t label : labels) {
    std::optional<SoftSums> soft;
    if (prediction.isProbabilityMap() && label == prediction.probabilityLabel)
      soft = softSums(reference, label, *prediction.probabilities);
    LabelMetrics m = overlapMetrics(label, ev.counts.binary(label), voxelVolume, conv, soft);
    m.name = table.name(label);
    ev.labels.push_back(std::move(m));
  }
  if (conv.distances) addSurfaceDistances(reference, prediction, conv, ev.labels, progress);
  ev.mean = meanMetrics(ev.labels, &ev.meanCount);
  ev.mean.name = "mean";
  ev.foreground = overlapMetrics(0, ev.counts.foreground(), voxelVolume, conv);
  ev.foreground.name = "foreground";

  // Confusion matrix over background plus every label seen in either image.
  ev.confusion.labels.push_back(0);
  for (std::uint32_t l : ev.counts.presentLabels()) ev.confusion.labels.push_back(l);
  const std::size_t n = ev.confusion.labels.size();
  ev.confusion.counts.assign(n, std::vector<std::uint64_t>(n, 0));
  auto index = [&](std::uint32_t label) {
    return std::lower_bound(ev.confusion.labels.begin() + 1, ev.confusion.labels.end(), label) -
           ev.confusion.labels.begin();
  };
  const auto& c = ev.counts;
  const std::size_t kp = c.predValues.size();
  for (std::size_t r = 0; r < c.refValues.size(); ++r)
    for (std::size_t p = 0; p < kp; ++p)
      if (const auto v = c.joint[r * kp + p]) {
        const auto ri = c.refValues[r] ? index(c.refValues[r]) : 0;
        const auto pi = c.predValues[p] ? index(c.predValues[p]) : 0;
        ev.confusion.counts[ri][pi] += v;
      }
  return ev;
}

}  // namespace seglens
