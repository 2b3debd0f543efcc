#pragma once
// Loads a case's scan and label maps at the same time. Each load is mostly one thread inflating
// gzip, so files run concurrently on oneTBB's workers (and each load's own parallel conversion
// shares the same pool). Every image is built once, in place: no file is held twice.
#include <optional>
#include <string>
#include <vector>

#include "ImageIO.h"

namespace seglens {

class ParallelLoader {
 public:
  struct Request {
    std::optional<std::string> scan;      // loaded with loadScalarImage
    std::vector<std::string> labelMaps;   // loaded with loadLabelImage, in this order
    LabelLoadOptions options;
  };
  struct Result {
    std::optional<ScalarImage> scan;
    std::vector<LabelImage> labelMaps;
  };

  // Loads everything concurrently. If any file fails, the first failure in request order (scan
  // first) is rethrown once all loads have finished, so the error does not depend on timing.
  static Result load(const Request& request, Progress* progress = nullptr);
};

}  // namespace seglens
