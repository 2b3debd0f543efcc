#pragma once
// What every subcommand does the same way: load a reference/prediction pair on one grid, and
// turn any failure into one line on stderr and exit code 3.
#include <functional>
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

// Runs `body`; an exception becomes "seglens-cli: error: <file>: <problem>" and kInputError.
int runGuarded(const std::function<int()>& body);

}  // namespace seglens::cli
