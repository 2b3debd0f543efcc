#pragma once
// The statistics a dataset summary publishes, each defined once here so the README, the
// summary's `conventions` and the numbers agree: numpy's linear quantiles, the sample standard
// deviation, a seeded percentile bootstrap of the mean, and scipy's two-sided Wilcoxon
// signed-rank test.
#include <cstdint>
#include <optional>
#include <vector>

namespace seglens {

class Statistics {
 public:
  struct Description {
    std::size_t n = 0;
    std::optional<double> mean, std, median, q1, q3, min, max;
  };

  // Quantile q in [0,1] of `sorted` (ascending, non-empty) interpolated linearly between order
  // statistics at position q*(n-1): numpy.quantile's default ("linear").
  static double quantileSorted(const std::vector<double>& sorted, double q);
  // n, mean, sample std (n-1; unset for n < 2), median, q1, q3, min, max.
  static Description describe(std::vector<double> values);
  // Percentile bootstrap of the mean: `resamples` resamples of n values drawn with replacement
  // by a generator seeded with `seed` (splitmix64, so the draws are the same on every platform
  // and standard library); the 2.5% and 97.5% linear quantiles of the resampled means. Unset for
  // no values or no resamples.
  static std::optional<std::pair<double, double>> bootstrapMeanCi(const std::vector<double>& values,
                                                                  int resamples,
                                                                  std::uint64_t seed);
  // Two-sided Wilcoxon signed-rank p-value of paired differences: zeros dropped; the exact
  // distribution of W+ when at most 50 remain, no |d| ties and no zero was dropped; otherwise the
  // normal approximation with tie correction and no continuity correction. All zero (or none):
  // p = 1.
  static double wilcoxonSignedRankP(const std::vector<double>& differences);
};

}  // namespace seglens
