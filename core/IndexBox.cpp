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

namespace {

// Calls fn(i, j, k, linear) for every voxel of `code` inside `box`, over the slices [z0, z1).
template <class Codes, class Fn>
void forCodeInBox(const Geometry& g, const Codes& codes, int code, const IndexBox& box,
                  std::size_t z0, std::size_t z1, Fn&& fn) {
  for (std::size_t k = z0; k < z1; ++k)
    for (std::size_t j = box.lo[1]; j <= box.hi[1]; ++j) {
      const std::size_t row = g.size[0] * (j + g.size[1] * k);
      for (std::size_t i = box.lo[0]; i <= box.hi[0]; ++i)
        if (int(codes[row + i]) == code) fn(i, j, k, row + i);
    }
}

struct Sums {
  std::uint64_t s[3] = {0, 0, 0}, n = 0;
};

struct Nearest {
  double d = std::numeric_limits<double>::infinity();
  std::size_t linear = std::numeric_limits<std::size_t>::max();
  std::array<std::size_t, 3> at{};
  bool better(const Nearest& o) const { return d < o.d || (d == o.d && linear < o.linear); }
};

}  // namespace

std::optional<std::array<std::size_t, 3>> labelFocusVoxel(const LabelImage& image,
                                                          std::uint32_t label) {
  if (label == 0 || image.voxelsOf(label) == 0) return std::nullopt;
  const int code = image.codeOf(label);
  const IndexBox box = labelBox(image, label);
  if (box.empty()) return std::nullopt;
  const Geometry& g = image.geometry;
  const tbb::blocked_range<std::size_t> slices(box.lo[2], box.hi[2] + 1);
  return std::visit(
      [&](const auto& codes) -> std::optional<std::array<std::size_t, 3>> {
        const Sums sums = tbb::parallel_reduce(
            slices, Sums{},
            [&](const auto& r, Sums acc) {
              forCodeInBox(g, codes, code, box, r.begin(), r.end(),
                           [&](std::size_t i, std::size_t j, std::size_t k, std::size_t) {
                             acc.s[0] += i, acc.s[1] += j, acc.s[2] += k, ++acc.n;
                           });
              return acc;
            },
            [](Sums a, const Sums& b) {
              for (int c = 0; c < 3; ++c) a.s[c] += b.s[c];
              a.n += b.n;
              return a;
            });
        if (sums.n == 0) return std::nullopt;
        const double c[3] = {double(sums.s[0]) / double(sums.n), double(sums.s[1]) / double(sums.n),
                             double(sums.s[2]) / double(sums.n)};
        const Nearest best = tbb::parallel_reduce(
            slices, Nearest{},
            [&](const auto& r, Nearest acc) {
              forCodeInBox(g, codes, code, box, r.begin(), r.end(),
                           [&](std::size_t i, std::size_t j, std::size_t k, std::size_t lin) {
                             const double dx = double(i) - c[0], dy = double(j) - c[1],
                                          dz = double(k) - c[2];
                             const Nearest n{dx * dx + dy * dy + dz * dz, lin, {i, j, k}};
                             if (n.better(acc)) acc = n;
                           });
              return acc;
            },
            [](const Nearest& a, const Nearest& b) { return b.better(a) ? b : a; });
        return best.at;
      },
      image.codes);
}

}  // namespace seglens
