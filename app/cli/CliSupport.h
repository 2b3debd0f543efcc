#pragma once
// What every subcommand does the same way: load a reference/prediction pair on one grid, and
// turn any failure into one line on stderr and exit code 3.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "LabelImage.h"

namespace seglens::cli {

struct LabelPair {
  LabelImage reference;
  LabelImage prediction;
};

// Loads both concurrently; a prediction on another grid is an InputError naming it, or with
// `resample` is resampled (nearest neighbour) with a warning on stderr.
LabelPair loadLabelPair(const std::string& reference, const std::string& prediction,
                        bool resample);

// A bad combination of options found after parsing (e.g. --json and --csv naming one file):
// runGuarded prints it and exits with kUsage, like a parse error.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Option validators with compact messages naming the accepted range ("%g", never a 309-digit
// bound). Every float option rejects nan and inf.
//   finite number in [lo, hi] (or (lo, hi] with openLow)
CLI::Validator finiteRange(double lo, double hi, bool openLow = false);
//   an integer label in [1, 2^32-1]: 0 is background, never evaluated
CLI::Validator foregroundLabel();
//   an integer in [lo, hi]
CLI::Validator integerRange(long long lo, long long hi);

// Throws UsageError when two output options name the same file ("-" is stdout and may repeat).
void refuseSameOutput(const std::string& optionA, const std::string& a, const std::string& optionB,
                      const std::string& b);

// Runs `body`; an exception becomes "seglens-cli: error: <file>: <problem>" and kInputError
// (a UsageError: "seglens-cli: error: <problem>" and kUsage).
int runGuarded(const std::function<int()>& body);

}  // namespace seglens::cli
