#include "IndexBox.h"

#include <cstring>

#include <variant>

#include "LabelImage.h"

namespace seglens {

std::vector<IndexBox> codeBoxes(const LabelImage& image) {
  return std::visit(
      [&](const auto& codes) {
        return boundingBoxes(image.geometry, image.codeCount(),
                             [&](std::size_t i) { return int(codes[i]); });
      },
      image.codes);
}

namespace {

template <class T>
std::vector<IndexBox> slotBoxesOf(const Geometry& g, const T* codes, const std::vector<int>& slot,
                                  std::size_t slots) {
  const std::size_t nx = g.size[0], ny = g.size[1];
  constexpr std::size_t kStep = 8 / sizeof(T);
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, g.size[2]), std::vector<IndexBox>(slots),
      [&](const auto& r, std::vector<IndexBox> boxes) {
        for (std::size_t z = r.begin(); z != r.end(); ++z)
          for (std::size_t y = 0; y < ny; ++y) {
            const T* row = codes + nx * (y + ny * z);
            for (std::size_t x = 0; x < nx;) {
              std::uint64_t word = 1;
              if (x + kStep <= nx) std::memcpy(&word, row + x, 8);
              if (word == 0) {
                x += kStep;
                continue;
              }
              const std::size_t end = std::min(nx, x + kStep);
              for (; x < end; ++x)
                if (const int s = slot[row[x]]; s >= 0) boxes[std::size_t(s)].add(x, y, z);
            }
          }
        return boxes;
      },
      [](std::vector<IndexBox> a, const std::vector<IndexBox>& b) {
        for (std::size_t s = 0; s < a.size(); ++s) a[s].add(b[s]);
        return a;
      });
}

}  // namespace

std::vector<IndexBox> slotBoxes(const LabelImage& image, const std::vector<int>& slotOfCode,
                                std::size_t slots) {
  return std::visit(
      [&](const auto& codes) { return slotBoxesOf(image.geometry, codes.data(), slotOfCode, slots); },
      image.codes);
}

IndexBox labelBox(const LabelImage& image, std::uint32_t label) {
  const std::vector<IndexBox> boxes = codeBoxes(image);
  IndexBox box;
  for (std::size_t c = 1; c < boxes.size(); ++c)
    if (label == 0 || image.labelValues[c] == label) box.add(boxes[c]);
  return box;
}

}  // namespace seglens
