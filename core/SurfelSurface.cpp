#include "SurfelSurface.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>
#include <variant>

#include "DistanceTransform.h"
#include "SurfelTable.h"

namespace seglens {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The surfels of one mask in a crop: corner indices (corner grid, x fastest) and codes.
struct Surfels {
  std::vector<std::uint32_t> corners;
  std::vector<std::uint8_t> codes;
};

// Neighbour codes of every corner of an nx x ny x nz crop whose voxels carry bit 0 for mask A
// and bit 1 for mask B. Corner (i, j, k), 0 <= i <= nx, sits between voxels i-1 and i on each
// axis; voxels outside the crop are outside both masks. Writes seeds[corner] (bit 0: surfel of
// A, bit 1: surfel of B) and lists each mask's surfels in corner order.
void extractSurfels(const std::uint8_t* in, const DistanceTransform::Size& n, std::uint8_t* seeds,
                    Surfels& a, Surfels& b) {
  const std::size_t nx = n[0], ny = n[1], nz = n[2], slice = nx * ny;
  const std::size_t mx = nx + 1, my = ny + 1, mz = nz + 1;
  std::vector<Surfels> aBy(mz), bBy(mz);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, mz), [&](const auto& r) {
    for (std::size_t k = r.begin(); k != r.end(); ++k)
      for (std::size_t j = 0; j < my; ++j) {
        // The four voxel rows around corner row (j, k): rows[2b + c] is row (j-1+b, k-1+c).
        const std::uint8_t* rows[4];
        for (int bc = 0; bc < 4; ++bc) {
          const std::size_t y = j + std::size_t(bc >> 1), z = k + std::size_t(bc & 1);  // +1
          rows[bc] = (y >= 1 && y <= ny && z >= 1 && z <= nz) ? in + (z - 1) * slice + (y - 1) * nx
                                                               : nullptr;
        }
        std::uint8_t* seedRow = seeds + (k * my + j) * mx;
        unsigned prevA = 0, prevB = 0;  // the 4-bit column of voxel x = i - 1
        for (std::size_t i = 0; i < mx; ++i) {
          unsigned colA = 0, colB = 0;
          if (i < nx)
            for (int bc = 0; bc < 4; ++bc) {
              const unsigned v = rows[bc] ? rows[bc][i] : 0u;
              colA |= (v & 1u) << (3 - bc);
              colB |= ((v >> 1) & 1u) << (3 - bc);
            }
          // Weight 1 << (7 - (4a + 2b + c)): the voxel before the corner (a = 0) is the high
          // nibble.
          const unsigned codeA = prevA << 4 | colA, codeB = prevB << 4 | colB;
          const bool sa = codeA != 0 && codeA != 255, sb = codeB != 0 && codeB != 255;
          seedRow[i] = std::uint8_t((sa ? 1 : 0) | (sb ? 2 : 0));
          const std::uint32_t corner = std::uint32_t((k * my + j) * mx + i);
          if (sa) aBy[k].corners.push_back(corner), aBy[k].codes.push_back(std::uint8_t(codeA));
          if (sb) bBy[k].corners.push_back(corner), bBy[k].codes.push_back(std::uint8_t(codeB));
          prevA = colA;
          prevB = colB;
        }
      }
  });
  for (std::size_t k = 0; k < mz; ++k) {
    a.corners.insert(a.corners.end(), aBy[k].corners.begin(), aBy[k].corners.end());
    a.codes.insert(a.codes.end(), aBy[k].codes.begin(), aBy[k].codes.end());
    b.corners.insert(b.corners.end(), bBy[k].corners.begin(), bBy[k].corners.end());
    b.codes.insert(b.codes.end(), bBy[k].codes.begin(), bBy[k].codes.end());
  }
}

// The surfel distances of two masks inside `box`, which must hold every voxel of both.
template <class InA, class InB>
SurfelDistances cropped(const Geometry& g, const IndexBox& box, InA inA, InB inB) {
  SurfelDistances d;
  if (box.empty()) return d;
  const DistanceTransform::Size n{box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1,
                                  box.hi[2] - box.lo[2] + 1};
  const DistanceTransform::Size m{n[0] + 1, n[1] + 1, n[2] + 1};
  const std::size_t nx = n[0], ny = n[1], nz = n[2], slice = nx * ny;
  if (double(m[0]) * double(m[1]) * double(m[2]) >= double(DistanceTransform::kNone))
    throw std::length_error("surfel distances: a label's corner grid has 2^32 points or more");
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
  DistanceTransform::Buffer<std::uint8_t> seeds(m[0] * m[1] * m[2]);
  Surfels a, b;
  extractSurfels(in.data(), n, seeds.data(), a, b);
  in = {};

  const std::array<double, 256> area = SurfelTable::areas(g.spacing);
  auto areas = [&](const Surfels& s) {
    std::vector<double> out(s.codes.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = area[s.codes[i]];
    return out;
  };
  d.refArea = areas(a);
  d.predArea = areas(b);

  const DistanceTransform::Spacing& sp = g.spacing;
  DistanceTransform::Buffer<std::uint32_t> nearest;
  auto directed = [&](const Surfels& from, std::uint8_t toBit, bool toEmpty) {
    std::vector<double> out(from.corners.size(), kInf);
    if (toEmpty || from.corners.empty()) return out;
    DistanceTransform::nearestSeedsAtInto(seeds.data(), m, sp, toBit, std::uint8_t(3 - toBit),
                                          nearest.data());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, out.size(), 4096), [&](const auto& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i)
        out[i] = DistanceTransform::distanceMm(from.corners[i], nearest[from.corners[i]], m, sp);
    });
    return out;
  };
  if (!a.corners.empty() && !b.corners.empty())
    nearest = DistanceTransform::Buffer<std::uint32_t>(seeds.size());
  d.refToPred = directed(a, 2, b.corners.empty());
  d.predToRef = directed(b, 1, a.corners.empty());
  return d;
}

template <class Fn>
auto visitCodes(const LabelImage& image, Fn fn) {
  return std::visit([&](const auto& codes) { return fn(codes.data()); }, image.codes);
}

void requireSameSize(const Geometry& a, const Geometry& b) {
  if (a.size != b.size)
    throw std::invalid_argument("surfel distances: reference and prediction grids differ in size");
}

// One direction's area-weighted summary; distances may be +inf (the other mask is empty).
struct Directed {
  double area = 0, weighted = 0, hdP = kInf, max = kInf;
  std::vector<double> within;  // area with d <= tolerance, per tolerance
};

Directed summarise(const std::vector<double>& distance, const std::vector<double>& area,
                   double percentile, const std::vector<double>& tolerances) {
  Directed s;
  s.within.assign(tolerances.size(), 0.0);
  if (distance.empty()) {
    s.hdP = s.max = kInf;  // the package: no surfels, infinite percentile distance
    return s;
  }
  // The package sorts (distance, area) pairs, then accumulates areas in that order.
  std::vector<std::pair<double, double>> sorted(distance.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) sorted[i] = {distance[i], area[i]};
  tbb::parallel_sort(sorted.begin(), sorted.end());
  for (const auto& [dist, a] : sorted) {
    s.area += a;
    s.weighted += dist * a;
    for (std::size_t t = 0; t < tolerances.size(); ++t)
      if (dist <= tolerances[t]) s.within[t] += a;
  }
  const double target = percentile / 100.0;
  double cumulative = 0;
  s.hdP = sorted.back().first;
  for (const auto& [dist, a] : sorted) {
    cumulative += a;
    if (cumulative / s.area >= target) {
      s.hdP = dist;
      break;
    }
  }
  s.max = sorted.back().first;
  return s;
}

// Infinity and NaN (the package's values for empty masks) are reported as null.
std::optional<double> finite(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

}  // namespace

SurfelDistances SurfelDistances::compute(const Geometry& g, const std::uint8_t* reference,
                                         const std::uint8_t* prediction) {
  const IndexBox box =
      boundingBoxes(g, 1, [&](std::size_t i) { return reference[i] || prediction[i] ? 0 : -1; })[0];
  return cropped(
      g, box, [&](std::size_t i) { return reference[i] != 0; },
      [&](std::size_t i) { return prediction[i] != 0; });
}

SurfelDistances SurfelDistances::compute(const LabelImage& reference,
                                         const LabelImage& prediction, std::uint32_t label,
                                         const IndexBox& box) {
  requireSameSize(reference.geometry, prediction.geometry);
  const int refCode = reference.codeOf(label), predCode = prediction.codeOf(label);
  SurfelDistances d = visitCodes(reference, [&](const auto* a) {
    return visitCodes(prediction, [&](const auto* b) {
      return cropped(
          reference.geometry, box, [&](std::size_t i) { return int(a[i]) == refCode; },
          [&](std::size_t i) { return int(b[i]) == predCode; });
    });
  });
  d.label = label;
  return d;
}

SurfelDistances SurfelDistances::compute(const LabelImage& reference,
                                         const LabelImage& prediction, std::uint32_t label) {
  requireSameSize(reference.geometry, prediction.geometry);
  IndexBox box = labelBox(reference, label);
  box.add(labelBox(prediction, label));
  return compute(reference, prediction, label, box);
}

void summariseSurfels(const SurfelDistances& d, const Conventions& c, LabelMetrics& m) {
  const Directed ab = summarise(d.refToPred, d.refArea, c.percentile, c.nsdTolerances);
  const Directed ba = summarise(d.predToRef, d.predArea, c.percentile, c.nsdTolerances);
  m.surfelComputed = true;
  m.surfelRefAreaMm2 = ab.area;
  m.surfelPredAreaMm2 = ba.area;
  m.emptyOne = d.refEmpty() != d.predEmpty();
  // 0/0 is NaN as in numpy; the package's max of an infinity and a NaN is the infinity, and
  // either is null here.
  const double asdAb = ab.weighted / ab.area, asdBa = ba.weighted / ba.area;
  m.surfelAsdRefToPred = finite(asdAb);
  m.surfelAsdPredToRef = finite(asdBa);
  m.surfelMasd = finite((asdAb + asdBa) / 2.0);
  m.surfelHd = finite(std::max(ab.max, ba.max));
  m.surfelHd95 = finite(std::max(ab.hdP, ba.hdP));
  m.surfelNsd.clear();
  for (std::size_t t = 0; t < c.nsdTolerances.size(); ++t)
    m.surfelNsd[c.nsdTolerances[t]] = finite((ab.within[t] + ba.within[t]) / (ab.area + ba.area));
}

void addSurfelDistances(const LabelImage& reference, const LabelImage& prediction,
                        const Conventions& conventions, std::vector<LabelMetrics>& labels,
                        Progress* progress) {
  requireSameSize(reference.geometry, prediction.geometry);
  // One pass per image finds the box of every evaluated label; the background and labels not
  // asked for get no slot, so the pass over a mostly empty image is one compare per voxel.
  std::vector<std::uint32_t> unique;
  for (const auto& m : labels) unique.push_back(m.label);
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  auto boxesOf = [&](const LabelImage& image) {
    std::vector<int> slot(image.codeCount(), -1);
    for (std::size_t u = 0; u < unique.size(); ++u)
      if (const int code = image.codeOf(unique[u]); code > 0) slot[code] = int(u);
    return slotBoxes(image, slot, unique.size());
  };
  std::vector<IndexBox> boxes = boxesOf(reference);
  const std::vector<IndexBox> predBoxes = boxesOf(prediction);
  for (std::size_t u = 0; u < unique.size(); ++u) boxes[u].add(predBoxes[u]);
  auto boxOf = [&](std::uint32_t label) {
    return boxes[std::size_t(std::lower_bound(unique.begin(), unique.end(), label) - unique.begin())];
  };
  std::atomic<std::size_t> done{0};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, labels.size(), 1), [&](const auto& r) {
    for (std::size_t u = r.begin(); u != r.end(); ++u) {
      checkCancelled(progress);
      LabelMetrics& m = labels[u];
      summariseSurfels(SurfelDistances::compute(reference, prediction, m.label, boxOf(m.label)),
                       conventions, m);
      reportProgress(progress, double(++done) / double(labels.size()));
    }
  });
}

}  // namespace seglens
