#include "ConnectedComponents.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace seglens {
namespace {

// Runs of one row of `codes` whose code is inside (inside[code] != 0). Code 0 is never inside
// (background), so whole words of zero codes are skipped: lesion masks are mostly background.
template <class T>
void rowRuns(const T* codes, std::size_t nx, std::size_t row, const std::vector<char>& inside,
             std::vector<Run>& out) {
  constexpr std::size_t perWord = sizeof(std::uint64_t) / sizeof(T);
  std::size_t i = 0;
  while (i < nx) {
    if (i + perWord <= nx) {
      std::uint64_t word;
      std::memcpy(&word, codes + i, sizeof word);
      if (word == 0) {
        i += perWord;
        continue;
      }
    }
    if (!inside[codes[i]]) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    while (i < nx && inside[codes[i]]) ++i;
    out.push_back({row, std::uint32_t(begin), std::uint32_t(i)});
  }
}

// Runs of every slice in parallel, each slice into its own list, then joined in slice order.
template <class RowFn>
RunMask collectRuns(const std::array<std::size_t, 3>& size, RowFn rowFn) {
  if (size[0] > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("ConnectedComponents: rows longer than 2^32 voxels");
  RunMask m;
  m.size = size;
  std::vector<std::vector<Run>> slices(size[2]);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, size[2]), [&](const auto& r) {
    for (std::size_t k = r.begin(); k != r.end(); ++k)
      for (std::size_t j = 0; j < size[1]; ++j) rowFn(j + size[1] * k, slices[k]);
  });
  std::size_t total = 0;
  for (const auto& s : slices) total += s.size();
  m.runs.reserve(total);
  for (auto& s : slices) m.runs.insert(m.runs.end(), s.begin(), s.end());
  m.index();
  return m;
}

// Union-find over run indices. The root of a set is its lowest index (link keeps the lower
// root), which is what makes the final ids independent of the order of the links.
struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) {
    for (std::size_t i = 0; i < n; ++i) parent[i] = std::uint32_t(i);
  }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];  // path halving
      x = parent[x];
    }
    return x;
  }
  void link(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (a < b) parent[b] = a;
    else parent[a] = b;
  }
};

// A previous row (dj, dk) of a run's row, and how far along i a touching run may lie: 0 when
// only voxels straight across touch, 1 when diagonal neighbours along i count too.
struct Neighbour {
  int dj, dk;
  std::uint32_t reach;
};

std::vector<Neighbour> previousRows(int connectivity) {
  switch (connectivity) {
    case 6: return {{-1, 0, 0}, {0, -1, 0}};
    case 18: return {{-1, 0, 1}, {0, -1, 1}, {-1, -1, 0}, {1, -1, 0}};
    case 26: return {{-1, 0, 1}, {-1, -1, 1}, {0, -1, 1}, {1, -1, 1}};
    default:
      throw std::invalid_argument("connectivity must be 6, 18 or 26, not " +
                                  std::to_string(connectivity));
  }
}

// Links the runs of row r with the touching runs of row q (two pointers over both rows).
void linkRows(const RunMask& m, std::size_t r, std::size_t q, std::uint32_t reach, UnionFind& uf) {
  std::size_t p = m.rowStart[q];
  const std::size_t pe = m.rowStart[q + 1];
  for (std::size_t a = m.rowStart[r]; a < m.rowStart[r + 1] && p < pe; ++a) {
    const Run& x = m.runs[a];
    // Runs of q ending before x's reach cannot touch x or any later run of row r.
    while (p < pe && std::uint64_t(m.runs[p].end) + reach <= x.begin) ++p;
    for (std::size_t b = p; b < pe && m.runs[b].begin < std::uint64_t(x.end) + reach; ++b)
      uf.link(std::uint32_t(a), std::uint32_t(b));
  }
}

// Links every run of slice k to its previous rows, those in slices >= kMin only.
void linkSlice(const RunMask& m, std::size_t k, std::size_t kMin,
               const std::vector<Neighbour>& nb, bool onlyPreviousSlice, UnionFind& uf) {
  const std::size_t ny = m.size[1];
  for (std::size_t j = 0; j < ny; ++j) {
    const std::size_t r = j + ny * k;
    if (m.rowStart[r] == m.rowStart[r + 1]) continue;
    for (const Neighbour& n : nb) {
      if (onlyPreviousSlice && n.dk == 0) continue;
      const long jj = long(j) + n.dj, kk = long(k) + n.dk;
      if (jj < 0 || jj >= long(ny) || kk < long(kMin)) continue;
      linkRows(m, r, std::size_t(jj) + ny * std::size_t(kk), n.reach, uf);
    }
  }
}

}  // namespace

std::uint64_t RunMask::voxels() const {
  std::uint64_t n = 0;
  for (const Run& r : runs) n += r.length();
  return n;
}

void RunMask::index() {
  rowStart.assign(rows() + 1, 0);
  for (const Run& r : runs) ++rowStart[r.row + 1];
  for (std::size_t r = 0; r < rows(); ++r) rowStart[r + 1] += rowStart[r];
}

RunMask RunMask::fromImage(const LabelImage& image, const std::vector<std::uint32_t>& labels) {
  std::vector<char> inside(image.codeCount(), 0);
  for (std::uint32_t l : labels) {
    const int c = image.codeOf(l);
    if (c > 0) inside[std::size_t(c)] = 1;
  }
  const std::size_t nx = image.geometry.size[0];
  return std::visit(
      [&](const auto& codes) {
        return collectRuns(image.geometry.size, [&](std::size_t row, std::vector<Run>& out) {
          rowRuns(codes.data() + row * nx, nx, row, inside, out);
        });
      },
      image.codes);
}

RunMask RunMask::fromMask(const std::array<std::size_t, 3>& size, const std::uint8_t* mask) {
  // Any non-zero byte is inside: map bytes through a 256-entry table with 0 outside.
  std::vector<char> inside(256, 1);
  inside[0] = 0;
  return collectRuns(size, [&](std::size_t row, std::vector<Run>& out) {
    rowRuns(mask + row * size[0], size[0], row, inside, out);
  });
}

RunMask RunMask::dilated(int iterations) const {
  if (iterations <= 0) return *this;
  const long K = iterations, nx = long(size[0]), ny = long(size[1]), nz = long(size[2]);
  // Each target row gathers the runs of the source rows within (K, K), widened along i by what
  // is left of the 2K budget, then sorts and merges them: rows are independent, so slices run
  // in parallel.
  std::vector<std::vector<Run>> slices(size[2]);
  tbb::parallel_for(tbb::blocked_range<long>(0, nz), [&](const auto& range) {
    std::vector<std::pair<long, long>> spans;
    for (long k = range.begin(); k != range.end(); ++k)
      for (long j = 0; j < ny; ++j) {
        spans.clear();
        for (long c = -K; c <= K; ++c) {
          const long sk = k - c;
          if (sk < 0 || sk >= nz) continue;
          // Source rows j-K..j+K of slice sk are consecutive rows, so their runs are one range.
          const long lo = std::max(0L, j - K), hi = std::min(ny - 1, j + K);
          const std::size_t first = rowStart[std::size_t(lo + ny * sk)],
                            last = rowStart[std::size_t(hi + ny * sk) + 1];
          for (std::size_t q = first; q < last; ++q) {
            const long b = j - (long(runs[q].row) - ny * sk);
            const long ext = std::min(K, 2 * K - std::labs(b) - std::labs(c));
            spans.emplace_back(std::max(0L, long(runs[q].begin) - ext),
                               std::min(nx, long(runs[q].end) + ext));
          }
        }
        if (spans.empty()) continue;
        std::sort(spans.begin(), spans.end());
        const std::size_t row = std::size_t(j + ny * k);
        auto& out = slices[std::size_t(k)];
        Run cur{row, std::uint32_t(spans[0].first), std::uint32_t(spans[0].second)};
        for (const auto& [b, e] : spans) {
          if (b <= long(cur.end)) {
            cur.end = std::max(cur.end, std::uint32_t(e));
          } else {
            out.push_back(cur);
            cur = {row, std::uint32_t(b), std::uint32_t(e)};
          }
        }
        out.push_back(cur);
      }
  });
  RunMask d;
  d.size = size;
  for (auto& s : slices) d.runs.insert(d.runs.end(), s.begin(), s.end());
  d.index();
  return d;
}

ConnectedComponents::ConnectedComponents(RunMask mask, int connectivity) : mask_(std::move(mask)) {
  if (mask_.runs.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("ConnectedComponents: more than 2^32 runs");
  const std::size_t count = link(connectivity);
  groups_ = group(mask_, runComponent_, count);
}

std::size_t ConnectedComponents::link(int connectivity) {
  const std::vector<Neighbour> nb = previousRows(connectivity);
  const std::size_t nz = mask_.size[2];
  UnionFind uf(mask_.runs.size());
  // Slabs of slices link their own runs in parallel (each slab touches only its runs' parents);
  // the links across slab boundaries follow serially. The slab count does not change the result.
  const std::size_t slabs = std::max<std::size_t>(1, std::min<std::size_t>(nz, 64));
  auto slabBegin = [&](std::size_t s) { return s * nz / slabs; };
  tbb::parallel_for(std::size_t(0), slabs, [&](std::size_t s) {
    for (std::size_t k = slabBegin(s); k < slabBegin(s + 1); ++k)
      linkSlice(mask_, k, slabBegin(s), nb, false, uf);
  });
  for (std::size_t s = 1; s < slabs; ++s) linkSlice(mask_, slabBegin(s), 0, nb, true, uf);

  runComponent_.assign(mask_.runs.size(), 0);
  std::uint32_t next = 0;
  for (std::size_t i = 0; i < mask_.runs.size(); ++i) {
    const std::uint32_t root = uf.find(std::uint32_t(i));
    // The root is the component's first run, met before any other run of it.
    runComponent_[i] = root == i ? ++next : runComponent_[root];
  }
  return next;
}

ConnectedComponents::Grouping ConnectedComponents::group(const RunMask& mask,
                                                        const std::vector<std::uint32_t>& runIds,
                                                        std::size_t count) {
  const std::size_t ny = mask.size[1];
  Grouping g;
  g.components.assign(count, Component{});
  g.offsets.assign(count + 1, 0);
  for (std::size_t i = 0; i < mask.runs.size(); ++i) {
    const Run& r = mask.runs[i];
    Component& c = g.components[runIds[i] - 1];
    const double n = r.length(), j = double(r.row % ny), k = double(r.row / ny);
    c.voxels += r.length();
    // Sum of i over [begin, end): n * (begin + end - 1) / 2.
    c.indexSum[0] += n * (double(r.begin) + double(r.end) - 1) / 2;
    c.indexSum[1] += n * j;
    c.indexSum[2] += n * k;
    c.box.add(r.begin, r.row % ny, r.row / ny);
    c.box.add(r.end - 1, r.row % ny, r.row / ny);
    ++g.offsets[runIds[i]];
  }
  for (std::size_t c = 0; c < count; ++c) g.offsets[c + 1] += g.offsets[c];
  g.runs.resize(mask.runs.size());
  std::vector<std::size_t> fill(g.offsets.begin(), g.offsets.end() - 1);
  for (std::size_t i = 0; i < mask.runs.size(); ++i) g.runs[fill[runIds[i] - 1]++] = i;
  return g;
}

std::vector<std::uint32_t> ConnectedComponents::labelImage() const {
  std::vector<std::uint32_t> out(mask_.size[0] * mask_.size[1] * mask_.size[2], 0);
  for (std::size_t i = 0; i < mask_.runs.size(); ++i) {
    const Run& r = mask_.runs[i];
    std::fill(out.begin() + std::ptrdiff_t(r.row * mask_.size[0] + r.begin),
              out.begin() + std::ptrdiff_t(r.row * mask_.size[0] + r.end), runComponent_[i]);
  }
  return out;
}

}  // namespace seglens
