#include "Metrics.h"

#include <cmath>

namespace seglens {
namespace {

std::optional<double> ratio(double num, double den) {
  if (den == 0) return std::nullopt;  // 0/0 and x/0 are undefined: null, never NaN
  return num / den;
}

}  // namespace

LabelMetrics overlapMetrics(std::uint32_t label, const BinaryCounts& c, double voxelVolume,
                            const Conventions& conv, const std::optional<SoftSums>& soft) {
  LabelMetrics m;
  m.label = label;
  m.counts = c;
  const double tp = double(c.tp), fp = double(c.fp), fn = double(c.fn), tn = double(c.tn);
  const double ref = tp + fn, pred = tp + fp;
  m.emptyRef = ref == 0;
  m.emptyPred = pred == 0;
  m.emptyBoth = m.emptyRef && m.emptyPred;
  m.refVolumeMm3 = ref * voxelVolume;
  m.predVolumeMm3 = pred * voxelVolume;

  // Scores that are 0/0 only when the label is absent from both images follow the policy.
  const std::optional<double> bothEmpty =
      conv.empty == EmptyPolicy::One ? std::optional<double>(1.0) : std::nullopt;
  auto overlapScore = [&](double num, double den) {
    return m.emptyBoth ? bothEmpty : ratio(num, den);
  };
  m.dice = overlapScore(2 * tp, 2 * tp + fp + fn);
  m.jaccard = overlapScore(tp, tp + fp + fn);
  m.f1 = m.dice;  // F1 of voxel classification is algebraically the Dice coefficient
  m.tversky = overlapScore(tp, tp + conv.tverskyAlpha * fp + conv.tverskyBeta * fn);
  m.volumeSimilarity =
      m.emptyBoth ? bothEmpty : std::optional<double>(1.0 - std::abs(fn - fp) / (2 * tp + fp + fn));
  m.precision = ratio(tp, tp + fp);
  m.recall = ratio(tp, tp + fn);
  m.specificity = ratio(tn, tn + fp);
  m.fpr = ratio(fp, fp + tn);
  m.fnr = ratio(fn, fn + tp);
  m.relativeVolumeDifference = ratio(pred - ref, ref);

  const SoftSums s = soft ? *soft : SoftSums{tp, pred, ref};
  const bool softEmpty = s.p == 0 && s.t == 0;
  m.softDice = softEmpty ? bothEmpty : ratio(2 * s.pt, s.p + s.t);
  const double den = s.p + s.t + conv.smooth;
  if (den != 0) {
    m.softDiceLoss = 1.0 - (2 * s.pt + conv.smooth) / den;
  } else if (m.softDice) {
    m.softDiceLoss = 1.0 - *m.softDice;
  }
  return m;
}

LabelMetrics meanMetrics(const std::vector<LabelMetrics>& labels, std::size_t* averaged) {
  LabelMetrics mean;
  auto avg = [&](auto member) -> std::optional<double> {
    double sum = 0;
    std::size_t n = 0;
    for (const auto& m : labels)
      if (const auto& v = m.*member) {
        sum += *v;
        ++n;
      }
    return n ? std::optional<double>(sum / n) : std::nullopt;
  };
  mean.dice = avg(&LabelMetrics::dice);
  mean.jaccard = avg(&LabelMetrics::jaccard);
  mean.f1 = avg(&LabelMetrics::f1);
  mean.precision = avg(&LabelMetrics::precision);
  mean.recall = avg(&LabelMetrics::recall);
  mean.specificity = avg(&LabelMetrics::specificity);
  mean.fpr = avg(&LabelMetrics::fpr);
  mean.fnr = avg(&LabelMetrics::fnr);
  mean.volumeSimilarity = avg(&LabelMetrics::volumeSimilarity);
  mean.relativeVolumeDifference = avg(&LabelMetrics::relativeVolumeDifference);
  mean.tversky = avg(&LabelMetrics::tversky);
  mean.softDice = avg(&LabelMetrics::softDice);
  mean.softDiceLoss = avg(&LabelMetrics::softDiceLoss);
  mean.hd = avg(&LabelMetrics::hd);
  mean.hd95 = avg(&LabelMetrics::hd95);
  mean.assd = avg(&LabelMetrics::assd);
  mean.masd = avg(&LabelMetrics::masd);
  mean.surfelHd = avg(&LabelMetrics::surfelHd);
  mean.surfelHd95 = avg(&LabelMetrics::surfelHd95);
  mean.surfelAsdRefToPred = avg(&LabelMetrics::surfelAsdRefToPred);
  mean.surfelAsdPredToRef = avg(&LabelMetrics::surfelAsdPredToRef);
  mean.surfelMasd = avg(&LabelMetrics::surfelMasd);
  bool anyDistances = false, anySurfels = false;
  for (const auto& m : labels) {
    anyDistances |= m.distancesComputed;
    anySurfels |= m.surfelComputed;
  }
  mean.distancesComputed = anyDistances;
  mean.surfelComputed = anySurfels;
  auto avgNsd = [&](auto member) {
    std::map<double, std::optional<double>> out;
    if (labels.empty()) return out;
    for (const auto& [tol, unused] : labels.front().*member) {
      double sum = 0;
      std::size_t n = 0;
      for (const auto& m : labels) {
        auto it = (m.*member).find(tol);
        if (it != (m.*member).end() && it->second) {
          sum += *it->second;
          ++n;
        }
      }
      out[tol] = n ? std::optional<double>(sum / n) : std::nullopt;
    }
    return out;
  };
  mean.nsd = avgNsd(&LabelMetrics::nsd);
  mean.surfelNsd = avgNsd(&LabelMetrics::surfelNsd);
  double refVol = 0, predVol = 0;
  for (const auto& m : labels) {
    refVol += m.refVolumeMm3;
    predVol += m.predVolumeMm3;
  }
  mean.refVolumeMm3 = labels.empty() ? 0 : refVol / labels.size();
  mean.predVolumeMm3 = labels.empty() ? 0 : predVol / labels.size();
  if (averaged) {
    std::size_t n = 0;
    for (const auto& m : labels) n += m.dice.has_value();
    *averaged = n;
  }
  return mean;
}

}  // namespace seglens
