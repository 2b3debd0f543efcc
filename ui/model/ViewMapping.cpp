#include "model/ViewMapping.h"

#include <algorithm>

namespace seglens {

namespace {

// Half the height (mm) a viewport of `aspect` must show to hold the whole slice at zoom 1.
double fitHalfHeight(const SliceGrid& grid, double aspect) {
  const double w = grid.width * grid.dx, h = grid.height * grid.dy;
  return std::max(h / 2, (w / 2) / aspect);
}

// In-plane centre of the slice (mm, grid axes): the middle of its first and last pixel centres.
std::array<double, 2> sliceCentre(const SliceGrid& grid) {
  return {grid.x0 + (grid.width - 1) * grid.dx / 2, grid.y0 + (grid.height - 1) * grid.dy / 2};
}

}  // namespace

double ViewMapping::mmPerPixel() const {
  if (!valid()) return 1.0;
  const double fit = fitHalfHeight(grid, double(width) / double(height)) * kFitMargin;
  return 2 * (fit / camera.zoom) / double(height);
}

std::array<double, 2> ViewMapping::centre() const {
  const auto c = sliceCentre(grid);
  return {c[0] + camera.panX, c[1] + camera.panY};
}

Vec3 ViewMapping::displayToPhysical(double px, double py) const {
  const double mm = mmPerPixel();
  const auto c = centre();
  const double x = c[0] + (px - originX - width / 2.0) * mm;
  const double y = c[1] + (py - originY - height / 2.0) * mm;
  return grid.toPhysical(x, y, grid.sliceDepth(std::max(slice, 0)));
}

std::array<double, 2> ViewMapping::physicalToDisplay(const Vec3& p) const {
  const double mm = mmPerPixel();
  const auto c = centre();
  const Vec3 d = grid.fromPhysical(p);
  return {originX + width / 2.0 + (d[0] - c[0]) / mm, originY + height / 2.0 + (d[1] - c[1]) / mm};
}

ViewCamera ViewMapping::framing(const SliceGrid& grid, const std::array<double, 2>& lo,
                                const std::array<double, 2>& hi, double aspect, double minHalfMm) {
  ViewCamera cam;
  const double hx = std::max(minHalfMm, 0.75 * (hi[0] - lo[0] + grid.dx));
  const double hy = std::max(minHalfMm, 0.75 * (hi[1] - lo[1] + grid.dy));
  const double need = std::max(hy, hx / aspect);
  cam.zoom = std::max(1.0, fitHalfHeight(grid, aspect) / need);
  const auto c = sliceCentre(grid);
  cam.panX = (lo[0] + hi[0]) / 2 - c[0];
  cam.panY = (lo[1] + hi[1]) / 2 - c[1];
  return cam;
}

}  // namespace seglens
