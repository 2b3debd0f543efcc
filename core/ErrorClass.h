#pragma once
// The TP/FP/FN class of a voxel: what the error maps draw and the error-map tests check, in one
// place below the viewer (no Qt, no VTK).
#include <cstdint>

namespace seglens {

enum class ErrorClass : std::uint8_t { None = 0, TruePositive, FalsePositive, FalseNegative };

// Classification of one voxel. `label` 0: all labels, where a voxel predicted with another
// non-zero label than the GT's counts as a false positive (the prediction claims the wrong
// structure there). Otherwise a one-vs-rest comparison for `label`.
inline ErrorClass classifyVoxel(std::uint32_t gt, std::uint32_t pred, std::uint32_t label) {
  if (label == 0) {
    if (gt == 0 && pred == 0) return ErrorClass::None;
    if (gt == pred) return ErrorClass::TruePositive;
    return pred != 0 ? ErrorClass::FalsePositive : ErrorClass::FalseNegative;
  }
  const bool g = gt == label, p = pred == label;
  if (g && p) return ErrorClass::TruePositive;
  if (p) return ErrorClass::FalsePositive;
  if (g) return ErrorClass::FalseNegative;
  return ErrorClass::None;
}

}  // namespace seglens
