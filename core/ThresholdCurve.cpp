#include "ThresholdCurve.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <stdexcept>

namespace seglens {

ThresholdCurve diceThresholdCurve(const LabelImage& reference, std::uint32_t label,
                                  const std::vector<float>& probabilities, int steps) {
  if (steps < 1) throw std::invalid_argument("diceThresholdCurve: steps must be >= 1");
  if (probabilities.size() != reference.geometry.voxelCount())
    throw std::invalid_argument("diceThresholdCurve: probability map has the wrong size");
  std::vector<float> edges(steps + 1);
  for (int k = 0; k <= steps; ++k) edges[k] = float(double(k) / steps);
  // Bin k holds p in [edges[k], edges[k+1]); bin `steps` holds p >= 1; bin -1 (dropped into
  // `below`) holds p < 0. Then #(p >= edges[k]) is a suffix sum.
  auto binOf = [&](float p) -> int {
    if (p < edges[0]) return -1;
    int k = std::min(steps, std::max(0, int(std::floor(double(p) * steps))));
    while (k < steps && p >= edges[k + 1]) ++k;
    while (k > 0 && p < edges[k]) --k;
    return k;
  };
  const int code = reference.codeOf(label);
  using Hist = std::vector<std::uint64_t>;
  tbb::enumerable_thread_specific<std::pair<Hist, Hist>> local(
      [&] { return std::make_pair(Hist(steps + 1, 0), Hist(steps + 1, 0)); });
  std::uint64_t refTotal = reference.voxelsOf(label);
  std::visit(
      [&](const auto& ref) {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, ref.size(), 1 << 16),
                          [&](const auto& r) {
                            auto& [inRef, outRef] = local.local();
                            for (std::size_t i = r.begin(); i != r.end(); ++i) {
                              const int b = binOf(probabilities[i]);
                              if (b < 0) continue;
                              (int(ref[i]) == code ? inRef : outRef)[b]++;
                            }
                          });
      },
      reference.codes);
  Hist inRef(steps + 1, 0), outRef(steps + 1, 0);
  for (const auto& [a, b] : local)
    for (int k = 0; k <= steps; ++k) {
      inRef[k] += a[k];
      outRef[k] += b[k];
    }
  ThresholdCurve curve;
  curve.points.resize(steps + 1);
  std::uint64_t tp = 0, fp = 0;
  for (int k = steps; k >= 0; --k) {
    tp += inRef[k];
    fp += outRef[k];
    ThresholdPoint& pt = curve.points[k];
    pt.threshold = edges[k];
    pt.tp = tp;
    pt.fp = fp;
    pt.fn = refTotal - tp;
    const double den = 2.0 * tp + fp + pt.fn;
    if (den > 0) {
      pt.dice = 2.0 * tp / den;
      pt.jaccard = double(tp) / (tp + fp + pt.fn);
    }
  }
  for (std::size_t k = 0; k < curve.points.size(); ++k)
    if (curve.points[k].dice && (!curve.points[curve.best].dice ||
                                 *curve.points[k].dice > *curve.points[curve.best].dice))
      curve.best = k;
  return curve;
}

}  // namespace seglens
