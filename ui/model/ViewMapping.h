#pragma once
// How a slice view maps its viewport onto the patient: the slice grid, the view's camera (zoom,
// pan) and the viewport (origin and size in device pixels) give the mm per pixel and the
// display <-> physical transforms. A plain value, so the viewer's scenes, the exports and the
// tests share one formula and it is checked without OpenGL.
#include <array>

#include "model/ViewGeometry.h"

namespace seglens {

struct ViewMapping {
  SliceGrid grid;
  ViewCamera camera;
  int originX = 0, originY = 0;  // viewport origin in the window, device pixels (VTK: bottom-up)
  int width = 0, height = 0;     // viewport size, device pixels
  int slice = 0;                 // the slice shown, along the grid's normal

  // At zoom 1 the whole slice fits the viewport with this margin around it.
  static constexpr double kFitMargin = 1.04;

  bool valid() const { return width > 0 && height > 0 && grid.width > 0 && grid.height > 0; }
  double mmPerPixel() const;
  // In-plane mm (the grid's x, y) at the viewport's centre: the slice centre plus the pan.
  std::array<double, 2> centre() const;
  // Display pixel (x right, y up, in window pixels) -> physical point on the shown slice.
  Vec3 displayToPhysical(double px, double py) const;
  // Physical point -> display pixel (its depth is ignored: projected onto the slice plane).
  std::array<double, 2> physicalToDisplay(const Vec3& p) const;

  // The camera that frames the in-plane box [lo, hi] (mm, grid axes) in a viewport of the given
  // aspect (width / height): its half extents plus half again, at least `minHalfMm` either way,
  // never zoomed out beyond the whole slice.
  static ViewCamera framing(const SliceGrid& grid, const std::array<double, 2>& lo,
                            const std::array<double, 2>& hi, double aspect, double minHalfMm = 25.0);
};

}  // namespace seglens
