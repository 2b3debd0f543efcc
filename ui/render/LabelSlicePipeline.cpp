#include "render/LabelSlicePipeline.h"

#include <variant>

namespace seglens {

void LabelSlicePipeline::update(const LabelImage& image, const SliceGrid& grid,
                                const std::vector<std::int32_t>& map,
                                const std::vector<std::uint32_t>& codeColors, bool outline) {
  const std::size_t n = map.size();
  pixels_.resize(n);
  std::uint32_t* out = pixels_.data();
  codes_.resize(n);
  std::visit(
      [&](const auto& codes) {
        const auto* in = codes.data();
        for (std::size_t i = 0; i < n; ++i) codes_[i] = map[i] >= 0 ? in[map[i]] : 0;
      },
      image.codes);
  const std::uint32_t* lut = codeColors.data();
  const std::size_t lutSize = codeColors.size();
  auto colorOf = [&](std::uint16_t c) { return c < lutSize ? lut[c] : 0u; };
  if (!outline) {
    for (std::size_t i = 0; i < n; ++i) out[i] = colorOf(codes_[i]);
  } else {
    const int w = grid.width, h = grid.height;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const std::size_t i = std::size_t(y) * std::size_t(w) + std::size_t(x);
        const std::uint16_t c = codes_[i];
        bool edge = false;
        if (c != 0) {
          edge = x == 0 || y == 0 || x == w - 1 || y == h - 1 || codes_[i - 1] != c ||
                 codes_[i + 1] != c || codes_[i - std::size_t(w)] != c ||
                 codes_[i + std::size_t(w)] != c;
        }
        out[i] = edge ? colorOf(c) : 0u;
      }
    }
  }
}

}  // namespace seglens
