#include "Geometry.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace seglens {

std::array<double, 3> Geometry::indexToPhysical(double i, double j, double k) const {
  const double v[3] = {i * spacing[0], j * spacing[1], k * spacing[2]};
  std::array<double, 3> p{};
  for (int r = 0; r < 3; ++r) {
    p[r] = origin[r] + direction[r * 3 + 0] * v[0] + direction[r * 3 + 1] * v[1] +
           direction[r * 3 + 2] * v[2];
  }
  return p;
}

std::array<double, 3> Geometry::physicalToIndex(const std::array<double, 3>& p) const {
  // Direction matrices are orthonormal in practice, but invert properly so sheared grids work too.
  const auto& d = direction;
  const double det = d[0] * (d[4] * d[8] - d[5] * d[7]) - d[1] * (d[3] * d[8] - d[5] * d[6]) +
                     d[2] * (d[3] * d[7] - d[4] * d[6]);
  const double inv[9] = {(d[4] * d[8] - d[5] * d[7]) / det, (d[2] * d[7] - d[1] * d[8]) / det,
                         (d[1] * d[5] - d[2] * d[4]) / det, (d[5] * d[6] - d[3] * d[8]) / det,
                         (d[0] * d[8] - d[2] * d[6]) / det, (d[2] * d[3] - d[0] * d[5]) / det,
                         (d[3] * d[7] - d[4] * d[6]) / det, (d[1] * d[6] - d[0] * d[7]) / det,
                         (d[0] * d[4] - d[1] * d[3]) / det};
  const double q[3] = {p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]};
  std::array<double, 3> idx{};
  for (int r = 0; r < 3; ++r) {
    idx[r] = (inv[r * 3] * q[0] + inv[r * 3 + 1] * q[1] + inv[r * 3 + 2] * q[2]) / spacing[r];
  }
  return idx;
}

double Geometry::diagonalMm() const {
  double s = 0;
  for (int a = 0; a < 3; ++a) {
    const double len = static_cast<double>(size[a]) * spacing[a];
    s += len * len;
  }
  return std::sqrt(s);
}

std::string formatVector(const double* values, std::size_t n) {
  std::ostringstream os;
  os.precision(9);  // origins 1e-4 apart must print differently
  os << "[";
  for (std::size_t i = 0; i < n; ++i) os << (i ? ", " : "") << values[i];
  os << "]";
  return os.str();
}

std::string GeometryMismatch::message() const {
  return attribute + " differs: reference " + reference + ", this image " + other;
}

std::optional<GeometryMismatch> compareGeometry(const Geometry& a, const Geometry& b,
                                                double tolerance) {
  if (a.size != b.size) {
    const double sa[3] = {double(a.size[0]), double(a.size[1]), double(a.size[2])};
    const double sb[3] = {double(b.size[0]), double(b.size[1]), double(b.size[2])};
    return GeometryMismatch{"size", formatVector(sa, 3), formatVector(sb, 3)};
  }
  for (int i = 0; i < 3; ++i) {
    if (std::abs(a.spacing[i] - b.spacing[i]) > tolerance * std::max(1.0, std::abs(a.spacing[i])))
      return GeometryMismatch{"spacing", formatVector(a.spacing.data(), 3),
                              formatVector(b.spacing.data(), 3)};
  }
  const double minSpacing = std::min({a.spacing[0], a.spacing[1], a.spacing[2]});
  for (int i = 0; i < 3; ++i) {
    if (std::abs(a.origin[i] - b.origin[i]) > tolerance * std::max(1.0, minSpacing))
      return GeometryMismatch{"origin", formatVector(a.origin.data(), 3),
                              formatVector(b.origin.data(), 3)};
  }
  for (int i = 0; i < 9; ++i) {
    if (std::abs(a.direction[i] - b.direction[i]) > tolerance)
      return GeometryMismatch{"direction", formatVector(a.direction.data(), 9),
                              formatVector(b.direction.data(), 9)};
  }
  return std::nullopt;
}

}  // namespace seglens
