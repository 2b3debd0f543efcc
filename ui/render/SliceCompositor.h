#pragma once
// Blends a slice view's overlay layers (label fills/outlines, error map, metric map) into one
// RGBA image, so the view draws one overlay quad instead of one per layer: with software
// OpenGL every full-view quad costs several milliseconds of fragment work per frame.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace seglens {

// `layers` are packed RGBA images of `count` pixels, bottom first. The result drawn with
// "source over" blending on any background equals drawing the layers one after another
// (to within one unit of 8-bit rounding).
void blendOverlays(const std::vector<const std::uint32_t*>& layers, std::size_t count,
                   std::uint32_t* out);

}  // namespace seglens
