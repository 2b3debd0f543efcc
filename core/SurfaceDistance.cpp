#include "SurfaceDistance.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <variant>

#include "DistanceTransform.h"
#include "IndexBox.h"
#include "SparseSurfaceDistance.h"

namespace seglens {
namespace {

using Box = IndexBox;

// The directed distances of two masks inside `box`, which must hold every voxel of both: the
// nearest surface voxel of one mask to any voxel of the other then lies inside it too, so the
// crop is exact, and neighbours outside it are outside both masks, as beyond the image border.
template <class InA, class InB>
SurfaceDistance cropped(const Geometry& g, const Box& box, InA inA, InB inB) {
  SurfaceDistance d;
  if (box.empty()) return d;
  const DistanceTransform::Size n{box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1,
                                  box.hi[2] - box.lo[2] + 1};
  const std::size_t nx = n[0], ny = n[1], nz = n[2], slice = nx * ny;
  if (double(slice) * double(nz) >= double(DistanceTransform::kNone))
    throw std::length_error("surface distances: a label's bounding box has 2^32 voxels or more");
  // Bit 0: in A; bit 1: in B.
  DistanceTransform::Buffer<std::uint8_t> in(slice * nz);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nz), [&](const auto& r) {
    for (std::size_t z = r.begin(); z != r.end(); ++z)
      for (std::size_t y = 0; y < ny; ++y) {
        const std::size_t src = g.linearIndex(box.lo[0], box.lo[1] + y, box.lo[2] + z);
        std::uint8_t* dst = in.data() + z * slice + y * nx;
        for (std::size_t x = 0; x < nx; ++x)
          dst[x] = std::uint8_t((inA(src + x) ? 1 : 0) | (inB(src + x) ? 2 : 0));
      }
  });

  // A voxel is on a mask's surface when it has the mask's bit and some face neighbour lacks it.
  DistanceTransform::Buffer<std::uint8_t> surf(in.size());
  std::vector<std::vector<std::uint32_t>> aBySlice(nz), bBySlice(nz);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nz), [&](const auto& r) {
    for (std::size_t z = r.begin(); z != r.end(); ++z)
      for (std::size_t y = 0; y < ny; ++y) {
        const std::size_t base = z * slice + y * nx;
        const std::uint8_t* row = in.data() + base;
        const std::uint8_t* ym = y > 0 ? row - nx : nullptr;
        const std::uint8_t* yp = y + 1 < ny ? row + nx : nullptr;
        const std::uint8_t* zm = z > 0 ? row - slice : nullptr;
        const std::uint8_t* zp = z + 1 < nz ? row + slice : nullptr;
        for (std::size_t x = 0; x < nx; ++x) {
          const std::uint8_t v = row[x];
          std::uint8_t s = 0;
          if (v) {
            const std::uint8_t all = (x > 0 ? row[x - 1] : 0) & (x + 1 < nx ? row[x + 1] : 0) &
                                     (ym ? ym[x] : 0) & (yp ? yp[x] : 0) & (zm ? zm[x] : 0) &
                                     (zp ? zp[x] : 0);
            s = std::uint8_t(v & ~all);
            if (s & 1) aBySlice[z].push_back(std::uint32_t(base + x));
            if (s & 2) bBySlice[z].push_back(std::uint32_t(base + x));
          }
          surf[base + x] = s;
        }
      }
  });
  in = {};
  auto concat = [](const std::vector<std::vector<std::uint32_t>>& parts) {
    std::size_t total = 0;
    for (const auto& p : parts) total += p.size();
    std::vector<std::uint32_t> all;
    all.reserve(total);
    for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
    return all;
  };
  const std::vector<std::uint32_t> aLocal = concat(aBySlice), bLocal = concat(bBySlice);
  aBySlice.clear();
  bBySlice.clear();

  const DistanceTransform::Spacing& sp = g.spacing;
  // Distance of every surface voxel of one mask to its nearest surface voxel of the other:
  // one transform seeded by the other surface, read only where it is needed.
  DistanceTransform::Buffer<std::uint32_t> nearest;
  auto directed = [&](const std::vector<std::uint32_t>& from, std::uint8_t toBit) {
    // Read only at the other surface: the transform's last pass skips lines without it.
    DistanceTransform::nearestSeedsAtInto(surf.data(), n, sp, toBit, std::uint8_t(3 - toBit),
                                          nearest.data());
    std::vector<double> out(from.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, from.size(), 4096), [&](const auto& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i)
        out[i] = DistanceTransform::distanceMm(from[i], nearest[from[i]], n, sp);
    });
    return out;
  };
  if (!aLocal.empty() && !bLocal.empty()) {
    nearest = DistanceTransform::Buffer<std::uint32_t>(surf.size());
    d.refToPred = directed(aLocal, 2);
    d.predToRef = directed(bLocal, 1);
  }

  auto toImage = [&](const std::vector<std::uint32_t>& local) {
    std::vector<std::size_t> out(local.size());
    for (std::size_t i = 0; i < local.size(); ++i) {
      const std::size_t l = local[i];
      out[i] = g.linearIndex(box.lo[0] + l % nx, box.lo[1] + l % slice / nx, box.lo[2] + l / slice);
    }
    return out;
  };
  d.refSurface = toImage(aLocal);
  d.predSurface = toImage(bLocal);
  return d;
}

template <class Fn>
auto visitCodes(const LabelImage& image, Fn fn) {
  return std::visit([&](const auto& codes) { return fn(codes.data()); }, image.codes);
}

// One label's distances given the bounding box of the union of its two masks.
SurfaceDistance labelDistances(const LabelImage& reference, const LabelImage& prediction,
                               std::uint32_t label, const Box& box) {
  const int refCode = reference.codeOf(label), predCode = prediction.codeOf(label);
  SurfaceDistance d = visitCodes(reference, [&](const auto* a) {
    return visitCodes(prediction, [&](const auto* b) {
      return cropped(
          reference.geometry, box, [&](std::size_t i) { return int(a[i]) == refCode; },
          [&](std::size_t i) { return int(b[i]) == predCode; });
    });
  });
  d.label = label;
  return d;
}

// A label scattered over the image has the image as its box: the dense path would cost
// labels x voxels, so such labels get their voxels listed instead (SparseSurfaceDistance).
// Returns each unique label's slot among `sparseLabels`, or -1 for the dense path.
std::vector<int> chooseSparse(const std::vector<std::uint32_t>& unique,
                              const std::vector<Box>& boxes,
                              const std::vector<LabelMetrics>& labels,
                              std::vector<std::uint32_t>& sparseLabels) {
  std::vector<int> slot(unique.size(), -1);
  if (ForceDenseSurfaceDistances::active()) return slot;
  std::vector<std::uint64_t> voxels(unique.size(), 0);
  std::vector<bool> counted(unique.size(), false);
  for (const auto& m : labels) {
    const std::size_t u = std::lower_bound(unique.begin(), unique.end(), m.label) - unique.begin();
    if (counted[u]) continue;
    counted[u] = true;
    voxels[u] = (m.counts.tp + m.counts.fn) + (m.counts.tp + m.counts.fp);
  }
  for (std::size_t u = 0; u < unique.size(); ++u)
    if (SparseSurfaceDistance::suits(SparseSurfaceDistance::volume(boxes[u]), voxels[u])) {
      slot[u] = int(sparseLabels.size());
      sparseLabels.push_back(unique[u]);
    }
  return slot;
}

void requireSameSize(const Geometry& a, const Geometry& b) {
  if (a.size != b.size)
    throw std::invalid_argument("surface distances: reference and prediction grids differ in size");
}

std::optional<double> orNull(bool defined, double value) {
  return defined ? std::optional<double>(value) : std::nullopt;
}

}  // namespace

SurfaceDistance SurfaceDistance::compute(const LabelImage& reference, const LabelImage& prediction,
                                         std::uint32_t label) {
  requireSameSize(reference.geometry, prediction.geometry);
  const Geometry& g = reference.geometry;
  const int refCode = reference.codeOf(label), predCode = prediction.codeOf(label);
  Box box;
  visitCodes(reference, [&](const auto* a) {
    box.add(boundingBoxes(g, 1, [&](std::size_t i) { return int(a[i]) == refCode ? 0 : -1; })[0]);
    return 0;
  });
  visitCodes(prediction, [&](const auto* b) {
    box.add(boundingBoxes(g, 1, [&](std::size_t i) { return int(b[i]) == predCode ? 0 : -1; })[0]);
    return 0;
  });
  return labelDistances(reference, prediction, label, box);
}

SurfaceDistance SurfaceDistance::compute(const Geometry& g, const std::uint8_t* reference,
                                         const std::uint8_t* prediction) {
  const Box box =
      boundingBoxes(g, 1, [&](std::size_t i) { return reference[i] || prediction[i] ? 0 : -1; })[0];
  return cropped(
      g, box, [&](std::size_t i) { return reference[i] != 0; },
      [&](std::size_t i) { return prediction[i] != 0; });
}

double percentileLinear(std::vector<double>& values, double p) {
  // numpy's "linear" method: virtual index (n-1)q, and its two-sided lerp, which is exact at
  // both ends of the interval.
  const std::size_t n = values.size();
  const double virt = double(n - 1) * (p / 100.0);
  const std::size_t lo = std::min(n - 1, std::size_t(std::floor(virt)));
  const double gamma = virt - double(lo);
  std::nth_element(values.begin(), values.begin() + lo, values.end());
  const double a = values[lo];
  if (lo + 1 >= n) return a;
  const double b = *std::min_element(values.begin() + lo + 1, values.end());
  const double diff = b - a;
  return gamma >= 0.5 ? b - diff * (1.0 - gamma) : a + diff * gamma;
}

void summariseSurfaceDistance(const SurfaceDistance& d, const Conventions& c, const Geometry& g,
                              LabelMetrics& m) {
  m.distancesComputed = true;
  m.emptyOne = false;
  m.nsd.clear();
  const bool refEmpty = d.refEmpty(), predEmpty = d.predEmpty();
  if (refEmpty || predEmpty) {
    // Both empty: perfect agreement under the "one" policy, undefined (null, left out of means
    // like the overlap scores) under "nan". One empty: no distance exists; null or the worst.
    double distance = 0, nsd = 1;
    bool defined = c.empty == EmptyPolicy::One;
    if (refEmpty != predEmpty) {
      m.emptyOne = true;
      defined = c.emptyDistance == EmptyDistance::Worst;
      distance = g.diagonalMm();
      nsd = 0;
    }
    m.hd = m.hd95 = m.assd = m.masd = orNull(defined, distance);
    for (double t : c.nsdTolerances) m.nsd[t] = orNull(defined, nsd);
    return;
  }

  const std::vector<double>& ab = d.refToPred;
  const std::vector<double>& ba = d.predToRef;
  double sumAb = 0, sumBa = 0, maxAb = 0, maxBa = 0;
  for (double v : ab) sumAb += v, maxAb = std::max(maxAb, v);
  for (double v : ba) sumBa += v, maxBa = std::max(maxBa, v);
  const double na = double(ab.size()), nb = double(ba.size());
  m.hd = std::max(maxAb, maxBa);
  m.assd = (sumAb + sumBa) / (na + nb);
  m.masd = (sumAb / na + sumBa / nb) / 2.0;
  if (c.hd95Mode == Hd95Mode::Pooled) {
    std::vector<double> pooled(ab);
    pooled.insert(pooled.end(), ba.begin(), ba.end());
    m.hd95 = percentileLinear(pooled, c.percentile);
  } else {
    std::vector<double> a(ab), b(ba);
    const double pa = percentileLinear(a, c.percentile), pb = percentileLinear(b, c.percentile);
    m.hd95 = c.hd95Mode == Hd95Mode::Max ? std::max(pa, pb) : (pa + pb) / 2.0;
  }
  for (double t : c.nsdTolerances) {
    std::size_t within = 0;
    for (double v : ab) within += v <= t;
    for (double v : ba) within += v <= t;
    m.nsd[t] = double(within) / (na + nb);
  }
}

void addSurfaceDistances(const LabelImage& reference, const LabelImage& prediction,
                         const Conventions& conventions, std::vector<LabelMetrics>& labels,
                         Progress* progress) {
  requireSameSize(reference.geometry, prediction.geometry);
  const Geometry& g = reference.geometry;
  std::vector<std::uint32_t> unique;
  for (const auto& m : labels) unique.push_back(m.label);
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());

  // One pass per image finds every label's box; the union box of a label is the merge.
  auto boxesOf = [&](const LabelImage& image) {
    std::vector<int> slot(image.codeCount(), -1);
    for (std::size_t u = 0; u < unique.size(); ++u)
      if (const int code = image.codeOf(unique[u]); code >= 0) slot[code] = int(u);
    return slotBoxes(image, slot, unique.size());
  };
  std::vector<Box> boxes = boxesOf(reference);
  const std::vector<Box> predBoxes = boxesOf(prediction);
  for (std::size_t u = 0; u < unique.size(); ++u) boxes[u].add(predBoxes[u]);

  std::vector<std::uint32_t> sparseLabels;
  const std::vector<int> sparseSlot = chooseSparse(unique, boxes, labels, sparseLabels);
  const SparseSurfaceDistance sparse(reference, prediction, std::move(sparseLabels));

  std::vector<LabelMetrics> results(unique.size());
  std::atomic<std::size_t> done{0};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, unique.size(), 1), [&](const auto& r) {
    for (std::size_t u = r.begin(); u != r.end(); ++u) {
      checkCancelled(progress);
      std::optional<SurfaceDistance> listed;
      if (sparseSlot[u] >= 0) listed = sparse.distances(std::size_t(sparseSlot[u]), boxes[u]);
      const SurfaceDistance d =
          listed ? std::move(*listed) : labelDistances(reference, prediction, unique[u], boxes[u]);
      summariseSurfaceDistance(d, conventions, g, results[u]);
      reportProgress(progress, double(++done) / double(unique.size()));
    }
  });
  for (auto& m : labels) {
    const auto& s =
        results[std::lower_bound(unique.begin(), unique.end(), m.label) - unique.begin()];
    m.distancesComputed = s.distancesComputed;
    m.emptyOne = s.emptyOne;
    m.hd = s.hd;
    m.hd95 = s.hd95;
    m.assd = s.assd;
    m.masd = s.masd;
    m.nsd = s.nsd;
  }
}

}  // namespace seglens
