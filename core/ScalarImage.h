#pragma once
#include <vector>

#include "Geometry.h"

namespace seglens {

// A scan (CT/MR intensities) as float: enough precision for any integer CT/MR type and one
// type for every consumer (window/level, rendering).
struct ScalarImage {
  Geometry geometry;
  std::vector<float> voxels;
};

}  // namespace seglens
