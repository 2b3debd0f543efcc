#include "Statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace seglens {
namespace {

// splitmix64: tiny, fast and fully specified, unlike std::uniform_int_distribution whose draws
// differ between standard libraries (the CI must not depend on which one built the binary).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) by multiply-shift (Lemire); the bias is below 2^-40 for any dataset size.
  std::size_t below(std::size_t n) {
    return static_cast<std::size_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }

 private:
  std::uint64_t state_;
};

// Average ranks (1-based) of `values`, ties sharing the mean of their positions; also the
// tie-correction term sum(t^3 - t) over groups of t equal values.
std::vector<double> averageRanks(const std::vector<double>& values, double* tieTerm) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return values[a] < values[b];
  });
  std::vector<double> ranks(values.size());
  *tieTerm = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double rank = (double(i) + double(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
    const double t = double(j - i + 1);
    *tieTerm += t * t * t - t;
    i = j + 1;
  }
  return ranks;
}

// P(W+ <= w) and P(W+ >= w) under H0 for n untied ranks 1..n: counts of subsets by rank sum
// (exact in double: at most 2^50 subsets).
double exactTwoSided(std::size_t n, double rPlus) {
  const std::size_t maxSum = n * (n + 1) / 2;
  std::vector<double> count(maxSum + 1, 0.0);
  count[0] = 1.0;
  for (std::size_t r = 1; r <= n; ++r)
    for (std::size_t s = maxSum; s >= r; --s) count[s] += count[s - r];
  const double total = std::ldexp(1.0, int(n));
  const auto w = static_cast<std::size_t>(std::llround(rPlus));
  double less = 0, greater = 0;
  for (std::size_t s = 0; s <= maxSum; ++s) {
    if (s <= w) less += count[s];
    if (s >= w) greater += count[s];
  }
  return std::min(1.0, 2.0 * std::min(less, greater) / total);
}

}  // namespace

double Statistics::quantileSorted(const std::vector<double>& sorted, double q) {
  const double pos = q * double(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = pos - double(lo);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

Statistics::Description Statistics::describe(std::vector<double> values) {
  Description d;
  d.n = values.size();
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double v : values) sum += v;
  const double mean = sum / double(values.size());
  d.mean = mean;
  if (values.size() >= 2) {
    double ss = 0;
    for (double v : values) ss += (v - mean) * (v - mean);
    d.std = std::sqrt(ss / double(values.size() - 1));
  }
  d.median = quantileSorted(values, 0.5);
  d.q1 = quantileSorted(values, 0.25);
  d.q3 = quantileSorted(values, 0.75);
  d.min = values.front();
  d.max = values.back();
  return d;
}

std::optional<std::pair<double, double>> Statistics::bootstrapMeanCi(
    const std::vector<double>& values, int resamples, std::uint64_t seed) {
  if (values.empty() || resamples <= 0) return std::nullopt;
  SplitMix64 rng(seed);
  std::vector<double> means(static_cast<std::size_t>(resamples));
  const std::size_t n = values.size();
  for (double& m : means) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += values[rng.below(n)];
    m = sum / double(n);
  }
  std::sort(means.begin(), means.end());
  return std::make_pair(quantileSorted(means, 0.025), quantileSorted(means, 0.975));
}

double Statistics::wilcoxonSignedRankP(const std::vector<double>& differences) {
  std::vector<double> d;
  for (double v : differences)
    if (v != 0.0) d.push_back(v);
  const bool zerosDropped = d.size() != differences.size();
  if (d.empty()) return 1.0;
  std::vector<double> absd(d.size());
  for (std::size_t i = 0; i < d.size(); ++i) absd[i] = std::fabs(d[i]);
  double tieTerm = 0;
  const std::vector<double> ranks = averageRanks(absd, &tieTerm);
  double rPlus = 0, rMinus = 0;
  for (std::size_t i = 0; i < d.size(); ++i) (d[i] > 0 ? rPlus : rMinus) += ranks[i];
  const double n = double(d.size());
  if (d.size() <= 50 && tieTerm == 0 && !zerosDropped) return exactTwoSided(d.size(), rPlus);
  const double t = std::min(rPlus, rMinus);
  const double mean = n * (n + 1) / 4.0;
  const double var = (n * (n + 1) * (2 * n + 1) - 0.5 * tieTerm) / 24.0;
  if (var <= 0) return 1.0;
  const double z = (t - mean) / std::sqrt(var);
  return std::min(1.0, std::erfc(std::fabs(z) / std::sqrt(2.0)));
}

}  // namespace seglens
