#pragma once
// Where each slice view looks, in patient (LPS) terms. Views never slice along index axes: they
// slice along anatomical axes and sample the volume through its direction matrix, so a file whose
// index axes are permuted or flipped still shows the patient's right on the same screen side.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "Geometry.h"

namespace seglens {

using Vec3 = std::array<double, 3>;

enum class ViewAxis { Axial = 0, Coronal = 1, Sagittal = 2 };
// Radiological: the patient's right on the screen's left (viewer faces the patient / looks up
// from the feet). Neurological: the patient's right on the screen's right.
enum class Convention { Radiological, Neurological };

const char* viewAxisName(ViewAxis axis);

// Orthonormal LPS directions: screen right, screen up, and the direction in which the slice
// number increases (towards S, A, L for axial, coronal, sagittal).
struct PlaneAxes {
  Vec3 right{}, up{}, normal{};
};
PlaneAxes planeAxes(ViewAxis axis, Convention convention);

// Anatomical letter ("L", "R", "P", "A", "S", "I") of the LPS direction closest to `v`.
std::string directionLetter(const Vec3& v);

// The sampling grid of one view over a reference volume. Pixel (a, b) of slice k sits at the
// physical point x*right + y*up + w*normal with x = x0 + a*dx, y = y0 + b*dy, w = w0 + k*dw.
struct SliceGrid {
  PlaneAxes axes;
  int width = 0, height = 0, sliceCount = 0;
  double dx = 1, dy = 1, dw = 1;
  double x0 = 0, y0 = 0, w0 = 0;

  Vec3 toPhysical(double x, double y, double w) const;
  // In-plane coordinates (x, y) and depth w of a physical point.
  Vec3 fromPhysical(const Vec3& p) const;
  int sliceOf(const Vec3& p) const;  // nearest slice, clamped
  double sliceDepth(int k) const { return w0 + k * dw; }
};

// Pixel sizes follow the index axis best aligned with each screen direction, so an axis-aligned
// volume (in any permutation or flip) is sampled exactly once per voxel.
SliceGrid makeSliceGrid(const Geometry& g, ViewAxis axis, Convention convention);

// Linear voxel index of every pixel of slice k (row-major from the bottom row), -1 outside the
// volume. Nearest-neighbour: labels stay labels and scan values stay exact.
void computeIndexMap(const Geometry& g, const SliceGrid& grid, int k, std::vector<std::int32_t>& out);

// Zoom (1 = slice fits the view) and pan (mm, in the view's screen axes) shared by every view of
// one axis, which is what links the side-by-side compare views.
struct ViewCamera {
  double zoom = 1.0;
  double panX = 0.0, panY = 0.0;
  bool operator==(const ViewCamera& o) const {
    return zoom == o.zoom && panX == o.panX && panY == o.panY;
  }
};

// Dot product and helpers used by the views.
inline double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

}  // namespace seglens
