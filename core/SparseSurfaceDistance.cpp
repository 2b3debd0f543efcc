#include "SparseSurfaceDistance.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <utility>
#include <variant>

namespace seglens {
namespace {

// A label is listed when its box holds this many times its voxels; below that the dense path's
// cost, linear in the box, is already within a small factor of the label's own size.
constexpr double kSparseRatio = 32.0;
// Comparing every pair of surface voxels is taken while it costs at most this many pair
// distances per box voxel, roughly what the two distance transforms of the dense path cost.
constexpr double kPairsPerBoxVoxel = 64.0;
// Two squared distances closer than this (relative) count as a near tie; see the header. The
// transform's pick is the true minimiser to about 1e-16 relative, far inside this margin.
constexpr double kTieMargin = 1e-6;
// Voxels per task of the listing pass.
constexpr std::size_t kChunk = std::size_t(1) << 16;

std::atomic<int> forceDense{0};

template <class Fn>
auto visitCodes(const LabelImage& image, Fn fn) {
  return std::visit([&](const auto& codes) { return fn(codes.data()); }, image.codes);
}

// Surface voxels among `voxels` (ascending, all with `code`): some face neighbour has another
// code or lies beyond the image border. The dense path's box holds every voxel of the mask, so
// its "outside the box" neighbours are exactly these too; the order stays ascending as there.
template <class Code>
std::vector<std::size_t> surfaceOf(const Geometry& g, const Code* codes, int code,
                                   const std::size_t* voxels, std::size_t count) {
  const std::size_t nx = g.size[0], ny = g.size[1], nz = g.size[2], slice = nx * ny;
  auto other = [&](std::size_t i) { return int(codes[i]) != code; };
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t v = voxels[k];
    const std::size_t x = v % nx, y = v % slice / nx, z = v / slice;
    const bool surface = x == 0 || x + 1 == nx || y == 0 || y + 1 == ny || z == 0 ||
                         z + 1 == nz || other(v - 1) || other(v + 1) || other(v - nx) ||
                         other(v + nx) || other(v - slice) || other(v + slice);
    if (surface) out.push_back(v);
  }
  return out;
}

// Voxel coordinates as doubles, the operands distanceMm subtracts. A difference of two such
// integers is exact, so it is the same double whether the indices are of the box or the image.
struct Coords {
  std::vector<double> x, y, z;
};

Coords coordsOf(const Geometry& g, const std::vector<std::size_t>& voxels) {
  const std::size_t nx = g.size[0], slice = nx * g.size[1];
  Coords c;
  c.x.resize(voxels.size());
  c.y.resize(voxels.size());
  c.z.resize(voxels.size());
  for (std::size_t i = 0; i < voxels.size(); ++i) {
    c.x[i] = double(voxels[i] % nx);
    c.y[i] = double(voxels[i] % slice / nx);
    c.z[i] = double(voxels[i] / slice);
  }
  return c;
}

// For each voxel of `from`, the distance in mm to the nearest voxel of `to`, formed as
// distanceMm forms it: sqrt(dx*dx + dy*dy + dz*dz), each term an index difference times the
// spacing. sqrt is correctly rounded and monotonic, so the root of the smallest sum is the
// smallest root. Returns false on a near tie, leaving `out` unspecified.
bool nearestDistances(const Coords& from, const Coords& to, const std::array<double, 3>& sp,
                      std::vector<double>& out) {
  const std::size_t n = from.x.size(), m = to.x.size();
  out.assign(n, 0.0);
  std::atomic<bool> tie{false};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 64), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end() && !tie.load(std::memory_order_relaxed); ++i) {
      const double fx = from.x[i], fy = from.y[i], fz = from.z[i];
      // Smallest and second smallest distinct squared distances.
      double first = std::numeric_limits<double>::infinity(), second = first;
      for (std::size_t j = 0; j < m; ++j) {
        const double dz = (fz - to.z[j]) * sp[2];
        const double dy = (fy - to.y[j]) * sp[1];
        const double dx = (fx - to.x[j]) * sp[0];
        const double s = dx * dx + dy * dy + dz * dz;
        if (s < first) {
          second = first;
          first = s;
        } else if (s > first && s < second) {
          second = s;
        }
      }
      if (second <= first * (1.0 + kTieMargin)) tie = true;
      out[i] = std::sqrt(first);
    }
  });
  return !tie;
}

}  // namespace

bool SparseSurfaceDistance::suits(double boxVoxels, std::uint64_t voxels) {
  return boxVoxels > kSparseRatio * double(voxels);
}

double SparseSurfaceDistance::volume(const IndexBox& box) {
  if (box.empty()) return 0.0;
  return double(box.hi[0] - box.lo[0] + 1) * double(box.hi[1] - box.lo[1] + 1) *
         double(box.hi[2] - box.lo[2] + 1);
}

SparseSurfaceDistance::SparseSurfaceDistance(const LabelImage& reference,
                                             const LabelImage& prediction,
                                             std::vector<std::uint32_t> labels)
    : reference_(reference), prediction_(prediction), labels_(std::move(labels)) {
  ref_ = collect(reference_);
  pred_ = collect(prediction_);
}

SparseSurfaceDistance::Lists SparseSurfaceDistance::collect(const LabelImage& image) const {
  Lists lists;
  lists.offsets.assign(labels_.size() + 1, 0);
  if (labels_.empty()) return lists;
  std::vector<int> slotOfCode(image.codeCount(), -1);
  for (std::size_t s = 0; s < labels_.size(); ++s)
    if (const int code = image.codeOf(labels_[s]); code >= 0) slotOfCode[code] = int(s);

  // Each chunk lists its (slot, voxel) pairs in ascending voxel order; concatenating the chunks
  // in order and distributing the pairs by slot keeps every slot's list ascending.
  const std::size_t n = image.geometry.voxelCount();
  std::vector<std::vector<std::pair<std::uint32_t, std::size_t>>> found((n + kChunk - 1) / kChunk);
  visitCodes(image, [&](const auto* codes) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, found.size()), [&](const auto& r) {
      for (std::size_t c = r.begin(); c != r.end(); ++c) {
        const std::size_t end = std::min(n, (c + 1) * kChunk);
        for (std::size_t i = c * kChunk; i < end; ++i)
          if (const int s = slotOfCode[codes[i]]; s >= 0) found[c].emplace_back(std::uint32_t(s), i);
      }
    });
    return 0;
  });
  for (const auto& chunk : found)
    for (const auto& p : chunk) ++lists.offsets[p.first + 1];
  for (std::size_t s = 0; s < labels_.size(); ++s) lists.offsets[s + 1] += lists.offsets[s];
  lists.voxels.resize(lists.offsets.back());
  std::vector<std::size_t> next(lists.offsets.begin(), lists.offsets.end() - 1);
  for (auto& chunk : found) {
    for (const auto& p : chunk) lists.voxels[next[p.first]++] = p.second;
    chunk = {};
  }
  return lists;
}

std::optional<SurfaceDistance> SparseSurfaceDistance::distances(std::size_t i,
                                                                const IndexBox& box) const {
  const Geometry& g = reference_.geometry;
  SurfaceDistance d;
  d.label = labels_[i];
  auto surface = [&](const LabelImage& image, const Lists& lists) {
    const std::size_t* first = lists.voxels.data() + lists.offsets[i];
    const std::size_t count = lists.offsets[i + 1] - lists.offsets[i];
    const int code = image.codeOf(labels_[i]);
    return visitCodes(image, [&](const auto* codes) {
      return surfaceOf(g, codes, code, first, count);
    });
  };
  d.refSurface = surface(reference_, ref_);
  d.predSurface = surface(prediction_, pred_);
  if (d.refSurface.empty() || d.predSurface.empty()) return d;
  if (double(d.refSurface.size()) * double(d.predSurface.size()) >
      kPairsPerBoxVoxel * volume(box))
    return std::nullopt;
  const Coords a = coordsOf(g, d.refSurface), b = coordsOf(g, d.predSurface);
  if (!nearestDistances(a, b, g.spacing, d.refToPred)) return std::nullopt;
  if (!nearestDistances(b, a, g.spacing, d.predToRef)) return std::nullopt;
  return d;
}

ForceDenseSurfaceDistances::ForceDenseSurfaceDistances() { ++forceDense; }
ForceDenseSurfaceDistances::~ForceDenseSurfaceDistances() { --forceDense; }
bool ForceDenseSurfaceDistances::active() { return forceDense.load() > 0; }

}  // namespace seglens
