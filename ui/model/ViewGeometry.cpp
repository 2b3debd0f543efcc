#include "model/ViewGeometry.h"

#include <algorithm>
#include <cmath>

namespace seglens {

const char* viewAxisName(ViewAxis axis) {
  switch (axis) {
    case ViewAxis::Axial: return "Axial";
    case ViewAxis::Coronal: return "Coronal";
    case ViewAxis::Sagittal: return "Sagittal";
  }
  return "";
}

PlaneAxes planeAxes(ViewAxis axis, Convention convention) {
  // LPS: +x = patient left, +y = posterior, +z = superior.
  const double lr = convention == Convention::Radiological ? 1.0 : -1.0;
  switch (axis) {
    case ViewAxis::Axial: return {{lr, 0, 0}, {0, -1, 0}, {0, 0, 1}};
    case ViewAxis::Coronal: return {{lr, 0, 0}, {0, 0, 1}, {0, -1, 0}};
    // Sagittal has no left/right on screen; anterior on the left, as in ITK-SNAP.
    case ViewAxis::Sagittal: return {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
  }
  return {};
}

std::string directionLetter(const Vec3& v) {
  static const char* pos[3] = {"L", "P", "S"};
  static const char* neg[3] = {"R", "A", "I"};
  int best = 0;
  for (int i = 1; i < 3; ++i)
    if (std::abs(v[i]) > std::abs(v[best])) best = i;
  return v[best] >= 0 ? pos[best] : neg[best];
}

Vec3 SliceGrid::toPhysical(double x, double y, double w) const {
  Vec3 p{};
  for (int r = 0; r < 3; ++r) p[r] = x * axes.right[r] + y * axes.up[r] + w * axes.normal[r];
  return p;
}

Vec3 SliceGrid::fromPhysical(const Vec3& p) const {
  return {dot(p, axes.right), dot(p, axes.up), dot(p, axes.normal)};
}

int SliceGrid::sliceOf(const Vec3& p) const {
  const int k = static_cast<int>(std::lround((dot(p, axes.normal) - w0) / dw));
  return std::clamp(k, 0, std::max(0, sliceCount - 1));
}

namespace {

Vec3 column(const Geometry& g, int c) {
  return {g.direction[0 * 3 + c], g.direction[1 * 3 + c], g.direction[2 * 3 + c]};
}

}  // namespace

SliceGrid makeSliceGrid(const Geometry& g, ViewAxis axis, Convention convention) {
  SliceGrid grid;
  grid.axes = planeAxes(axis, convention);
  const Vec3* dirs[3] = {&grid.axes.right, &grid.axes.up, &grid.axes.normal};
  // Assign index axes to screen directions by the permutation with the best total alignment:
  // per-direction argmax could give two screen directions the same index axis on oblique grids.
  static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  int bestPerm = 0;
  double bestScore = -1;
  for (int p = 0; p < 6; ++p) {
    double s = 0;
    for (int d = 0; d < 3; ++d) s += std::abs(dot(column(g, perms[p][d]), *dirs[d]));
    if (s > bestScore + 1e-9) bestScore = s, bestPerm = p;
  }
  double step[3];
  for (int d = 0; d < 3; ++d) step[d] = g.spacing[perms[bestPerm][d]];
  // Extent: voxel centres of the 8 corners projected on each screen direction.
  double lo[3] = {1e300, 1e300, 1e300}, hi[3] = {-1e300, -1e300, -1e300};
  for (int c = 0; c < 8; ++c) {
    const double i = (c & 1) ? double(g.size[0]) - 1 : 0.0;
    const double j = (c & 2) ? double(g.size[1]) - 1 : 0.0;
    const double k = (c & 4) ? double(g.size[2]) - 1 : 0.0;
    const auto p = g.indexToPhysical(i, j, k);
    for (int d = 0; d < 3; ++d) {
      const double v = dot(p, *dirs[d]);
      lo[d] = std::min(lo[d], v);
      hi[d] = std::max(hi[d], v);
    }
  }
  int count[3];
  for (int d = 0; d < 3; ++d)
    count[d] = std::max(1, static_cast<int>(std::floor((hi[d] - lo[d]) / step[d] + 1e-6)) + 1);
  grid.width = count[0];
  grid.height = count[1];
  grid.sliceCount = count[2];
  grid.dx = step[0];
  grid.dy = step[1];
  grid.dw = step[2];
  grid.x0 = lo[0];
  grid.y0 = lo[1];
  grid.w0 = lo[2];
  return grid;
}

void computeIndexMap(const Geometry& g, const SliceGrid& grid, int k,
                     std::vector<std::int32_t>& out) {
  const std::size_t n = std::size_t(grid.width) * std::size_t(grid.height);
  out.resize(n);
  const double w = grid.sliceDepth(k);
  // The continuous index is affine in (a, b): start + a*da + b*db.
  const auto start = g.physicalToIndex(grid.toPhysical(grid.x0, grid.y0, w));
  const auto ia = g.physicalToIndex(grid.toPhysical(grid.x0 + grid.dx, grid.y0, w));
  const auto ib = g.physicalToIndex(grid.toPhysical(grid.x0, grid.y0 + grid.dy, w));
  double da[3], db[3];
  for (int c = 0; c < 3; ++c) da[c] = ia[c] - start[c], db[c] = ib[c] - start[c];
  const long sx = long(g.size[0]), sy = long(g.size[1]), sz = long(g.size[2]);
  auto isUnitStep = [](const double* d) {
    int nonZero = 0;
    for (int c = 0; c < 3; ++c) {
      const double r = std::round(d[c]);
      if (std::abs(d[c] - r) > 1e-6 || std::abs(r) > 1) return false;
      nonZero += r != 0;
    }
    return nonZero == 1;
  };
  if (isUnitStep(da) && isUnitStep(db)) {
    // Permuted/flipped axis-aligned grids (nearly every file): integer strides, no rounding.
    long s0[3], a[3], b[3];
    for (int c = 0; c < 3; ++c) {
      s0[c] = std::lround(start[c]);
      a[c] = std::lround(da[c]);
      b[c] = std::lround(db[c]);
    }
    const long strideA = a[0] + sx * (a[1] + sy * a[2]);
    for (int y = 0; y < grid.height; ++y) {
      const long p[3] = {s0[0] + y * b[0], s0[1] + y * b[1], s0[2] + y * b[2]};
      std::int32_t* row = out.data() + std::size_t(y) * grid.width;
      long lin = p[0] + sx * (p[1] + sy * p[2]);
      for (int x = 0; x < grid.width; ++x, lin += strideA) {
        const long i = p[0] + x * a[0], j = p[1] + x * a[1], kk = p[2] + x * a[2];
        row[x] = (i >= 0 && i < sx && j >= 0 && j < sy && kk >= 0 && kk < sz) ? std::int32_t(lin)
                                                                             : -1;
      }
    }
    return;
  }
  for (int y = 0; y < grid.height; ++y) {
    std::int32_t* row = out.data() + std::size_t(y) * grid.width;
    for (int x = 0; x < grid.width; ++x) {
      const long i = std::lround(start[0] + x * da[0] + y * db[0]);
      const long j = std::lround(start[1] + x * da[1] + y * db[1]);
      const long kk = std::lround(start[2] + x * da[2] + y * db[2]);
      row[x] = (i >= 0 && i < sx && j >= 0 && j < sy && kk >= 0 && kk < sz)
                   ? std::int32_t(i + sx * (j + sy * kk))
                   : -1;
    }
  }
}

}  // namespace seglens
