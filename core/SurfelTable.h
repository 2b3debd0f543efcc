#pragma once
// The marching-cubes surface elements ("surfels") of DeepMind's surface-distance package, derived
// here from the case analysis rather than copied from a table.
//
// A corner of the voxel grid sees the 2x2x2 voxels around it; their inside/outside pattern is its
// neighbour code. Voxel (a, b, c) of the 2x2x2 block (a along index axis 0 = x, b along y, c
// along z; 0 = the voxel before the corner, 1 = the one after) weighs 1 << (7 - (4a + 2b + c)),
// the package's kernel [[[128, 64], [32, 16]], [[8, 4], [2, 1]]]. Codes 0 and 255 have no
// surface; every other code is a surfel whose area is that of its marching-cubes triangles.
//
// The derivation (SurfelTable.cpp): the iso-surface cuts every cube edge whose two corners differ
// at its midpoint; on each face those cut points are joined by segments that cut off the inside
// corners (on a face whose inside corners are diagonal, each is cut off on its own: the
// "separated" resolution of the ambiguous face); the segments close into loops, and each loop is
// triangulated to the largest area. A code with more than four inside corners takes the
// triangles of its complement, so a code and its complement always have the same area. The
// areas were compared with the package's table on codes of each of the 15 configurations (the
// ambiguous and non-planar ones included; the alternating tetrahedron by its entry's shape, four
// corner triangles) and agree.
#include <array>
#include <cstdint>
#include <vector>

namespace seglens {

class SurfelTable {
 public:
  using Vec = std::array<double, 3>;

  // The triangles of `code` as area vectors (half the cross product of two edges, in units of
  // one voxel edge); orientation is not meaningful, only each vector's components up to sign.
  static const std::vector<Vec>& triangles(std::uint8_t code);

  // Area in mm^2 of every code on a grid of `spacing` (x, y, z): each triangle's area vector
  // (n0, n1, n2) scaled to (n0*s1*s2, n1*s0*s2, n2*s0*s1), then its norm, summed per code.
  static std::array<double, 256> areas(const std::array<double, 3>& spacing);
};

}  // namespace seglens
