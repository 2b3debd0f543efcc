#pragma once
// Image grid geometry in ITK's LPS physical space. Everything in core/ that needs to know where a
// voxel is goes through this one struct, so the viewer, the metrics and the I/O agree.
#include <array>
#include <cstddef>
#include <optional>
#include <string>

namespace seglens {

struct Geometry {
  std::array<std::size_t, 3> size{0, 0, 0};
  std::array<double, 3> spacing{1.0, 1.0, 1.0};
  std::array<double, 3> origin{0.0, 0.0, 0.0};
  // Row-major 3x3; column c is the physical direction of index axis c (ITK's convention).
  std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

  std::size_t voxelCount() const { return size[0] * size[1] * size[2]; }
  std::size_t sliceSize() const { return size[0] * size[1]; }
  double voxelVolume() const { return spacing[0] * spacing[1] * spacing[2]; }
  std::size_t linearIndex(std::size_t i, std::size_t j, std::size_t k) const {
    return i + size[0] * (j + size[1] * k);
  }
  std::array<double, 3> indexToPhysical(double i, double j, double k) const;
  // Continuous index of a physical point (inverse of indexToPhysical).
  std::array<double, 3> physicalToIndex(const std::array<double, 3>& p) const;
  // Length of the image diagonal in mm (used as the "worst" distance for empty masks).
  double diagonalMm() const;
};

// What differs between two grids, named for an error message.
struct GeometryMismatch {
  std::string attribute;  // "size", "spacing", "origin" or "direction"
  std::string reference;  // formatted value of the reference grid
  std::string other;      // formatted value of the other grid
  std::string message() const;
};

// Grids are comparable when sizes match exactly and spacing, origin and direction agree within
// `tolerance` (relative to the spacing for spacing/origin, absolute for direction cosines).
std::optional<GeometryMismatch> compareGeometry(const Geometry& reference, const Geometry& other,
                                                double tolerance = 1e-4);

std::string formatVector(const double* values, std::size_t n);

}  // namespace seglens
