// The CPU compositor that turns a slice's scan and overlays into the one image a view draws:
// exact blending, texel placement when upsampling, bilinear scan and nearest labels.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "render/SliceCompositor.h"

namespace seglens {
namespace {

std::uint32_t rgba(int r, int g, int b, int a) {
  return std::uint32_t(r) | std::uint32_t(g) << 8 | std::uint32_t(b) << 16 | std::uint32_t(a) << 24;
}

// Straight-alpha "over" on a grey background, rounded: the reference the GPU used to compute.
int overRef(int gray, int c, int a) { return int(std::lround((c * a + gray * (255 - a)) / 255.0)); }

TEST(SliceCompositor, OneTexelPerVoxelBlendsExactly) {
  const int W = 7, H = 5;
  std::vector<std::uint8_t> gray(W * H);
  std::vector<std::uint32_t> overlay(W * H);
  for (int i = 0; i < W * H; ++i) {
    gray[i] = std::uint8_t(i * 37 % 256);
    overlay[i] = rgba(i * 11 % 256, i * 23 % 256, i * 5 % 256, i * 29 % 256);
  }
  CompositeRegion r;
  r.width = W;
  r.height = H;
  std::vector<std::uint8_t> out(W * H * 3);
  composeSlice(gray.data(), overlay.data(), W, H, r, out.data());
  for (int i = 0; i < W * H; ++i) {
    const std::uint32_t p = overlay[i];
    for (int c = 0; c < 3; ++c)
      EXPECT_EQ(out[3 * i + c], overRef(gray[i], int(p >> (8 * c) & 0xff), int(p >> 24))) << i;
  }
  // No scan: overlays over black; no overlay: the scan itself.
  composeSlice(nullptr, overlay.data(), W, H, r, out.data());
  EXPECT_EQ(out[3 * 8], overRef(0, int(overlay[8] & 0xff), int(overlay[8] >> 24)));
  composeSlice(gray.data(), nullptr, W, H, r, out.data());
  for (int i = 0; i < W * H; ++i) EXPECT_EQ(out[3 * i + 1], gray[i]);
}

TEST(SliceCompositor, UpsampledScanIsBilinearAndLabelsNearest) {
  const int W = 4, H = 3;
  // Scan: a ramp along x (0, 30, 60, 90), the same on every row.
  std::vector<std::uint8_t> gray(W * H);
  for (int j = 0; j < H; ++j)
    for (int i = 0; i < W; ++i) gray[j * W + i] = std::uint8_t(30 * i);
  std::vector<std::uint32_t> overlay(W * H, 0u);
  overlay[1 * W + 2] = rgba(255, 0, 0, 255);  // one opaque red voxel at (2, 1)
  CompositeRegion r;
  r.x0 = 1;
  r.y0 = 0;
  r.width = 3;  // voxels 1..3
  r.height = 3;
  r.fx = 3;  // odd: the middle texel of each voxel sits on its centre
  r.fy = 2;
  std::vector<std::uint8_t> out(std::size_t(r.texelsX()) * r.texelsY() * 3);
  composeSlice(gray.data(), overlay.data(), W, H, r, out.data());
  auto at = [&](int u, int v) { return &out[(std::size_t(v) * r.texelsX() + u) * 3]; };
  // Texel u samples x = 1 + (u + 0.5) / 3 - 0.5: u = 1 is voxel 1's centre, u = 2 a third of
  // the way to voxel 2, u = 0 a third of the way back to voxel 0.
  EXPECT_EQ(at(1, 0)[0], 30);
  EXPECT_EQ(at(2, 0)[0], 40);
  EXPECT_EQ(at(0, 0)[0], 20);
  // Past the last voxel's centre the scan is clamped at the edge.
  EXPECT_EQ(at(8, 0)[0], 90);
  // The red voxel (2, 1) covers exactly texels u = 3..5, v = 2..3 (nearest), nothing else.
  for (int v = 0; v < r.texelsY(); ++v)
    for (int u = 0; u < r.texelsX(); ++u) {
      const bool red = u >= 3 && u <= 5 && v >= 2 && v <= 3;
      EXPECT_EQ(at(u, v)[0] == 255 && at(u, v)[1] == 0, red) << u << "," << v;
    }
}

TEST(SliceCompositor, BlendOverlaysEqualsSequentialOver) {
  const std::uint32_t bottom = rgba(200, 40, 10, 128), top = rgba(10, 90, 250, 64);
  std::vector<const std::uint32_t*> layers = {&bottom, &top};
  std::uint32_t blended = 0;
  blendOverlays(layers, 1, &blended);
  for (int g : {0, 77, 255}) {
    std::uint8_t twice[3];
    CompositeRegion r;
    r.width = r.height = 1;
    const std::uint8_t gray = std::uint8_t(g);
    composeSlice(&gray, &blended, 1, 1, r, twice);
    for (int c = 0; c < 3; ++c) {
      const int b = overRef(g, int(bottom >> (8 * c) & 0xff), int(bottom >> 24));
      const int expected = overRef(b, int(top >> (8 * c) & 0xff), int(top >> 24));
      EXPECT_NEAR(twice[c], expected, 1) << g << " channel " << c;
    }
  }
}

}  // namespace
}  // namespace seglens
