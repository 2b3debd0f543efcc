// The view mapping (grid + camera + viewport -> mm per pixel, display <-> physical) as a value,
// checked without OpenGL: the slice scenes, the exports' label framing and the mouse all use it.
#include <gtest/gtest.h>

#include <cmath>

#include "Geometry.h"
#include "model/ViewMapping.h"

namespace seglens {
namespace {

// A 100 x 50 x 20 volume, 1 x 1 x 2 mm, axis-aligned: its axial slice is 100 x 50 mm.
ViewMapping axialMapping(int w, int h) {
  Geometry g;
  g.size = {100, 50, 20};
  g.spacing = {1.0, 1.0, 2.0};
  ViewMapping m;
  m.grid = makeSliceGrid(g, ViewAxis::Axial, Convention::Radiological);
  m.width = w;
  m.height = h;
  m.slice = 7;
  return m;
}

TEST(ViewMapping, AtZoomOneTheSliceFitsWithItsMargin) {
  ViewMapping m = axialMapping(200, 100);
  ASSERT_EQ(m.grid.width, 100);
  ASSERT_EQ(m.grid.height, 50);
  // Both extents need 25 mm of half height at aspect 2; 4 % margin; 100 px tall.
  EXPECT_NEAR(m.mmPerPixel(), 2 * 25 * ViewMapping::kFitMargin / 100, 1e-12);
  m.width = 100;  // now the width decides: 50 mm half width over an aspect of 1
  EXPECT_NEAR(m.mmPerPixel(), 2 * 50 * ViewMapping::kFitMargin / 100, 1e-12);
  m.camera.zoom = 4;
  EXPECT_NEAR(m.mmPerPixel(), 2 * 50 * ViewMapping::kFitMargin / 100 / 4, 1e-12);
}

TEST(ViewMapping, TheViewportCentreShowsTheSliceCentrePlusThePan) {
  ViewMapping m = axialMapping(300, 200);
  m.originX = 10;
  m.originY = 20;
  m.camera.panX = 3;
  m.camera.panY = -4;
  const Vec3 p = m.displayToPhysical(10 + 150, 20 + 100);
  const Vec3 d = m.grid.fromPhysical(p);
  EXPECT_NEAR(d[0], m.grid.x0 + 99 * m.grid.dx / 2 + 3, 1e-9);
  EXPECT_NEAR(d[1], m.grid.y0 + 49 * m.grid.dy / 2 - 4, 1e-9);
  EXPECT_NEAR(d[2], m.grid.sliceDepth(7), 1e-9);  // on the slice shown
}

TEST(ViewMapping, DisplayAndPhysicalAreInverse) {
  ViewMapping m = axialMapping(640, 480);
  m.camera = {2.5, 7, -3};
  for (double px : {0.0, 17.5, 320.0, 639.0})
    for (double py : {0.0, 240.0, 479.0}) {
      const auto back = m.physicalToDisplay(m.displayToPhysical(px, py));
      EXPECT_NEAR(back[0], px, 1e-9);
      EXPECT_NEAR(back[1], py, 1e-9);
    }
}

TEST(ViewMapping, FramingCentresTheBoxAndNeverZoomsOutPastTheSlice) {
  const ViewMapping m = axialMapping(400, 400);
  const double cx = m.grid.x0 + 99 * m.grid.dx / 2, cy = m.grid.y0 + 49 * m.grid.dy / 2;
  // A 10 x 6 mm box: shown with at least 25 mm half extents, centred on it.
  const ViewCamera cam = ViewMapping::framing(m.grid, {cx + 10, cy - 5}, {cx + 20, cy + 1}, 1.0);
  EXPECT_NEAR(cam.panX, 15, 1e-12);
  EXPECT_NEAR(cam.panY, -2, 1e-12);
  EXPECT_NEAR(cam.zoom, 50.0 / 25.0, 1e-12);  // fit half height 50 mm / needed 25 mm
  // A box larger than the slice: zoom stays 1.
  EXPECT_EQ(ViewMapping::framing(m.grid, {cx - 200, cy - 200}, {cx + 200, cy + 200}, 1.0).zoom, 1.0);
}

}  // namespace
}  // namespace seglens
