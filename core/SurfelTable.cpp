#include "SurfelTable.h"

#include <bitset>
#include <cmath>
#include <map>
#include <utility>

namespace seglens {
namespace {

using Vec = SurfelTable::Vec;
// Points are kept in half-voxel units (0, 1, 2 per axis) so that equality is exact.
using Point = std::array<int, 3>;

bool inside(unsigned code, const Point& corner) {
  const unsigned a = unsigned(corner[0] / 2), b = unsigned(corner[1] / 2),
                 c = unsigned(corner[2] / 2);
  return (code >> (7 - (4 * a + 2 * b + c))) & 1u;
}

Point midpoint(const Point& p, const Point& q) {
  return {(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2};
}

// The segments of one face: its four corners in cyclic order, each edge with differing ends cut
// at its midpoint. Two cut edges make one segment; four (diagonal inside corners) make two
// segments, each cutting off one inside corner.
void faceSegments(unsigned code, int axis, int side, std::vector<std::pair<Point, Point>>& out) {
  const int u = (axis + 1) % 3, v = (axis + 2) % 3;
  std::array<Point, 4> ring;
  const int uv[4][2] = {{0, 0}, {2, 0}, {2, 2}, {0, 2}};
  for (int k = 0; k < 4; ++k) {
    ring[k][axis] = side;
    ring[k][u] = uv[k][0];
    ring[k][v] = uv[k][1];
  }
  std::array<bool, 4> in;
  for (int k = 0; k < 4; ++k) in[k] = inside(code, ring[k]);
  std::vector<Point> cuts;
  for (int k = 0; k < 4; ++k)
    if (in[k] != in[(k + 1) % 4]) cuts.push_back(midpoint(ring[k], ring[(k + 1) % 4]));
  if (cuts.size() == 2) {
    out.emplace_back(cuts[0], cuts[1]);
  } else if (cuts.size() == 4) {
    for (int k = 0; k < 4; ++k)
      if (in[k])
        out.emplace_back(midpoint(ring[(k + 3) % 4], ring[k]), midpoint(ring[k], ring[(k + 1) % 4]));
  }
}

// Every cut point lies on two faces, so it ends exactly two segments: they chain into loops.
std::vector<std::vector<Point>> loops(unsigned code) {
  std::vector<std::pair<Point, Point>> segments;
  for (int axis = 0; axis < 3; ++axis)
    for (int side : {0, 2}) faceSegments(code, axis, side, segments);
  std::map<Point, std::vector<Point>> next;
  for (const auto& [p, q] : segments) {
    next[p].push_back(q);
    next[q].push_back(p);
  }
  std::vector<std::vector<Point>> result;
  std::map<Point, bool> used;
  for (const auto& [start, unusedNeighbours] : next) {
    if (used[start]) continue;
    std::vector<Point> loop{start};
    used[start] = true;
    Point previous = start, current = next[start][0];
    while (current != start) {
      loop.push_back(current);
      used[current] = true;
      const auto& n = next[current];
      const Point following = n[0] == previous ? n[1] : n[0];
      previous = current;
      current = following;
    }
    result.push_back(std::move(loop));
  }
  return result;
}

Vec areaVector(const Point& a, const Point& b, const Point& c) {
  // Half-voxel units: lengths are twice too long, areas four times; the cross product's half
  // then needs a further 1/4.
  const double u[3] = {double(b[0] - a[0]), double(b[1] - a[1]), double(b[2] - a[2])};
  const double v[3] = {double(c[0] - a[0]), double(c[1] - a[1]), double(c[2] - a[2])};
  return {(u[1] * v[2] - u[2] * v[1]) / 8.0, (u[2] * v[0] - u[0] * v[2]) / 8.0,
          (u[0] * v[1] - u[1] * v[0]) / 8.0};
}

double norm(const Vec& n) { return std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]); }

// Largest-area triangulation of a loop (at most 12 points), by the classic interval dynamic
// programme: best[i][j] triangulates the sub-polygon i..j with the chord (i, j). Ties (planar
// parts) have the same area at every spacing, since coplanar area vectors scale alike.
std::vector<Vec> triangulate(const std::vector<Point>& loop) {
  const int n = int(loop.size());
  std::vector<std::vector<double>> best(n, std::vector<double>(n, 0.0));
  std::vector<std::vector<int>> split(n, std::vector<int>(n, -1));
  for (int len = 2; len < n; ++len)
    for (int i = 0; i + len < n; ++i) {
      const int j = i + len;
      best[i][j] = -1;
      for (int k = i + 1; k < j; ++k) {
        const double a = best[i][k] + best[k][j] + norm(areaVector(loop[i], loop[k], loop[j]));
        if (a > best[i][j] + 1e-12) best[i][j] = a, split[i][j] = k;
      }
    }
  std::vector<Vec> out;
  std::vector<std::pair<int, int>> stack{{0, n - 1}};
  while (!stack.empty()) {
    const auto [i, j] = stack.back();
    stack.pop_back();
    const int k = split[i][j];
    if (k < 0) continue;
    out.push_back(areaVector(loop[i], loop[k], loop[j]));
    stack.emplace_back(i, k);
    stack.emplace_back(k, j);
  }
  return out;
}

std::array<std::vector<Vec>, 256> buildTable() {
  std::array<std::vector<Vec>, 256> table;
  for (unsigned code = 1; code < 255; ++code) {
    // More than four inside corners: the complement's surface (the same cut points), so the
    // ambiguous faces are resolved alike for a mask and its complement.
    const unsigned base = std::bitset<8>(code).count() > 4 ? 255u - code : code;
    for (const auto& loop : loops(base))
      for (const Vec& t : triangulate(loop)) table[code].push_back(t);
  }
  return table;
}

}  // namespace

const std::vector<Vec>& SurfelTable::triangles(std::uint8_t code) {
  static const std::array<std::vector<Vec>, 256> table = buildTable();
  return table[code];
}

std::array<double, 256> SurfelTable::areas(const std::array<double, 3>& s) {
  std::array<double, 256> out{};
  for (unsigned code = 0; code < 256; ++code) {
    double sum = 0;
    for (const Vec& n : triangles(std::uint8_t(code)))
      sum += norm({n[0] * s[1] * s[2], n[1] * s[0] * s[2], n[2] * s[0] * s[1]});
    out[code] = sum;
  }
  return out;
}

}  // namespace seglens
