#pragma once
// Turns a slice view's layers into the one opaque RGB image the view draws. With software
// OpenGL every full-view textured quad costs several milliseconds of fragment work per frame, so
// the scan and all overlay layers (label fills/outlines, error map, metric map) are blended here
// on the CPU (oneTBB) and the view draws a single quad.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace seglens {

// `layers` are packed RGBA images of `count` pixels, bottom first. The result drawn with
// "source over" on any background equals drawing the layers one after another (to within one
// unit of 8-bit rounding).
void blendOverlays(const std::vector<const std::uint32_t*>& layers, std::size_t count,
                   std::uint32_t* out);

// The part of a W x H voxel slice that is drawn, and how many texels each voxel becomes along
// x and y. Upsampling on the CPU keeps the scan smooth (bilinear) and the labels crisp
// (nearest) when a view is zoomed in, and bounds the texture by the view's size because only
// the visible voxels are upsampled.
struct CompositeRegion {
  int x0 = 0, y0 = 0, width = 0, height = 0;  // voxels
  int fx = 1, fy = 1;                         // texels per voxel
  bool operator==(const CompositeRegion& o) const {
    return x0 == o.x0 && y0 == o.y0 && width == o.width && height == o.height && fx == o.fx &&
           fy == o.fy;
  }
  bool operator!=(const CompositeRegion& o) const { return !(*this == o); }
  int texelsX() const { return width * fx; }
  int texelsY() const { return height * fy; }
};

// `gray` (W*H windowed scan bytes, nullptr: black) under `overlay` (W*H straight-alpha RGBA,
// nullptr: none), over `region`, into `out` (3 bytes per texel, texelsX() * texelsY(), rows
// bottom first). Texel (u, v) samples voxel coordinates x0 + (u + 0.5) / fx - 0.5 (likewise y):
// the scan bilinearly between the four nearest voxels (clamped at the slice's edge), the
// overlay at the nearest voxel. With fx = fy = 1 each texel is exactly its voxel.
void composeSlice(const std::uint8_t* gray, const std::uint32_t* overlay, int W, int H,
                  const CompositeRegion& region, std::uint8_t* out);

}  // namespace seglens
