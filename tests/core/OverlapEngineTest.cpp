#include "OverlapEngine.h"

#include <gtest/gtest.h>

#include "TestVolumes.h"

namespace seglens {
namespace {

using test::grid;
using test::labels;

// 4x1x1 hand case: ref 1 1 0 0, pred 1 0 1 0 -> TP 1, FP 1, FN 1, TN 1.
TEST(OverlapEngine, HandCountsTinyCase) {
  const Geometry g = grid(4, 1, 1);
  const auto c = computeOverlap(labels(g, {1, 1, 0, 0}), labels(g, {1, 0, 1, 0}));
  const auto b = c.binary(1);
  EXPECT_EQ(b.tp, 1u);
  EXPECT_EQ(b.fp, 1u);
  EXPECT_EQ(b.fn, 1u);
  EXPECT_EQ(b.tn, 1u);
}

}  // namespace
}  // namespace seglens
