#include "OverlapEngine.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

namespace seglens {
namespace {

// Up to this many cells a slice is counted in a dense per-thread histogram (4 MiB); beyond it
// (thousands of labels) in a hash map, so memory and time follow the voxels and the cells that
// occur, never the product of the label counts.
constexpr std::uint64_t kDenseCells = std::uint64_t(1) << 20;
constexpr std::size_t kBlock = 64;

// One slice's joint histogram, dense: `touched` lists its non-zero cells so a flush is O(touched).
struct DenseSlice {
  std::vector<std::uint32_t> hist;
  std::vector<std::uint64_t> touched;
  void add(std::uint64_t cell, std::uint32_t c) {
    if (hist[cell] == 0) touched.push_back(cell);
    hist[cell] += c;
  }
  template <class F>
  void flush(F&& f) {
    for (std::uint64_t cell : touched) {
      f(cell, hist[cell]);
      hist[cell] = 0;
    }
    touched.clear();
  }
};

struct SparseSlice {
  std::unordered_map<std::uint64_t, std::uint32_t> cells;
  void add(std::uint64_t cell, std::uint32_t c) { cells[cell] += c; }
  template <class F>
  void flush(F&& f) {
    for (const auto& [cell, n] : cells) f(cell, n);
    cells.clear();
  }
};

struct Scratch {
  DenseSlice dense;
  SparseSlice sparse;
  std::unordered_map<std::uint64_t, std::uint64_t> total;  // this thread's non-zero cells
};

template <class A, class B>
inline bool blockIsUniform(const A* a, const B* b) {
  const A a0 = a[0];
  const B b0 = b[0];
  unsigned diff = 0;
  for (std::size_t j = 1; j < kBlock; ++j) diff |= (a[j] != a0) | (b[j] != b0);
  return diff == 0;
}

// 8-bit codes: compare whole 64-bit words against the first byte broadcast.
template <>
inline bool blockIsUniform(const std::uint8_t* a, const std::uint8_t* b) {
  const std::uint64_t pa = a[0] * 0x0101010101010101ull, pb = b[0] * 0x0101010101010101ull;
  std::uint64_t diff = 0;
  for (std::size_t w = 0; w < kBlock; w += 8) {
    std::uint64_t wa, wb;
    std::memcpy(&wa, a + w, 8);
    std::memcpy(&wb, b + w, 8);
    diff |= (wa ^ pa) | (wb ^ pb);
  }
  return diff == 0;
}

template <class A, class B, class Slice>
void countSlice(const A* a, const B* b, std::size_t n, std::uint64_t kp, Slice& s) {
  auto add = [&](std::uint64_t cell, std::uint32_t c) { s.add(cell, c); };
  std::size_t i = 0;
  // Organ-like masks are mostly long runs of one (ref, pred) pair: test a block for uniformity
  // and count it with one increment. Uniform blocks in a row are summed in a register.
  std::uint64_t runCell = 0;
  std::uint32_t run = 0;
  for (; i + kBlock <= n; i += kBlock) {
    if (blockIsUniform(a + i, b + i)) {
      const std::uint64_t cell = std::uint64_t(a[i]) * kp + b[i];
      if (cell != runCell && run) {
        add(runCell, run);
        run = 0;
      }
      runCell = cell;
      run += kBlock;
    } else {
      for (std::size_t j = 0; j < kBlock; ++j) add(std::uint64_t(a[i + j]) * kp + b[i + j], 1);
    }
  }
  if (run) add(runCell, run);
  for (; i < n; ++i) add(std::uint64_t(a[i]) * kp + b[i], 1);
}

}  // namespace

namespace {

int codeIn(const std::vector<std::uint32_t>& values, std::uint32_t label) {
  const auto it = std::find(values.begin(), values.end(), label);
  return it == values.end() ? -1 : int(it - values.begin());
}

}  // namespace

std::uint64_t OverlapCounts::count(std::uint32_t refLabel, std::uint32_t predLabel) const {
  const int r = codeIn(refValues, refLabel), p = codeIn(predValues, predLabel);
  if (r < 0 || p < 0) return 0;
  const JointCell key{std::uint32_t(r), std::uint32_t(p), 0};
  const auto it = std::lower_bound(joint.begin(), joint.end(), key, [](const auto& x, const auto& y) {
    return x.refCode != y.refCode ? x.refCode < y.refCode : x.predCode < y.predCode;
  });
  return it != joint.end() && it->refCode == key.refCode && it->predCode == key.predCode ? it->count
                                                                                          : 0;
}

std::uint64_t OverlapCounts::refVoxels(std::uint32_t label) const {
  const int r = codeIn(refValues, label);
  return r < 0 ? 0 : refCodeVoxels[std::size_t(r)];
}

std::uint64_t OverlapCounts::predVoxels(std::uint32_t label) const {
  const int p = codeIn(predValues, label);
  return p < 0 ? 0 : predCodeVoxels[std::size_t(p)];
}

BinaryCounts OverlapCounts::binary(std::uint32_t label) const {
  BinaryCounts c;
  c.tp = count(label, label);
  c.fn = refVoxels(label) - c.tp;
  c.fp = predVoxels(label) - c.tp;
  c.tn = totalVoxels - c.tp - c.fn - c.fp;
  return c;
}

BinaryCounts OverlapCounts::foreground() const {
  BinaryCounts c;
  for (const JointCell& cell : joint) {
    const bool inRef = refValues[cell.refCode] != 0, inPred = predValues[cell.predCode] != 0;
    if (inRef && inPred) c.tp += cell.count;
    else if (inRef) c.fn += cell.count;
    else if (inPred) c.fp += cell.count;
    else c.tn += cell.count;
  }
  return c;
}

std::vector<std::uint32_t> OverlapCounts::presentLabels() const {
  std::vector<std::uint32_t> labels;
  for (const JointCell& cell : joint) {
    if (refValues[cell.refCode]) labels.push_back(refValues[cell.refCode]);
    if (predValues[cell.predCode]) labels.push_back(predValues[cell.predCode]);
  }
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  return labels;
}

const SliceLabelCounts* OverlapCounts::sliceCounts(std::size_t slice, std::uint32_t label) const {
  auto it = std::lower_bound(sliceLabels.begin(), sliceLabels.end(), label);
  if (it == sliceLabels.end() || *it != label || slice >= sliceCount) return nullptr;
  return &slices[slice * sliceLabels.size() + (it - sliceLabels.begin())];
}

OverlapCounts computeOverlap(const LabelImage& reference, const LabelImage& prediction,
                             Progress* progress) {
  if (reference.geometry.size != prediction.geometry.size)
    throw std::invalid_argument("computeOverlap: images have different sizes");
  const Geometry& g = reference.geometry;
  OverlapCounts out;
  out.refValues = reference.labelValues;
  out.predValues = prediction.labelValues;
  out.totalVoxels = g.voxelCount();
  out.voxelVolume = g.voxelVolume();
  const std::uint64_t kr = out.refValues.size(), kp = out.predValues.size();
  const bool dense = kr * kp <= kDenseCells;

  // Union of non-zero labels; each code maps to its index in the union (-1 for background).
  for (std::size_t c = 1; c < kr; ++c)
    if (reference.codeVoxels[c]) out.sliceLabels.push_back(out.refValues[c]);
  for (std::size_t c = 1; c < kp; ++c)
    if (prediction.codeVoxels[c]) out.sliceLabels.push_back(out.predValues[c]);
  std::sort(out.sliceLabels.begin(), out.sliceLabels.end());
  out.sliceLabels.erase(std::unique(out.sliceLabels.begin(), out.sliceLabels.end()),
                        out.sliceLabels.end());
  auto unionIndex = [&](std::uint32_t label) {
    if (label == 0) return -1;
    auto it = std::lower_bound(out.sliceLabels.begin(), out.sliceLabels.end(), label);
    return (it != out.sliceLabels.end() && *it == label) ? int(it - out.sliceLabels.begin()) : -1;
  };
  std::vector<int> refUnion(kr), predUnion(kp);
  for (std::size_t c = 0; c < kr; ++c) refUnion[c] = unionIndex(out.refValues[c]);
  for (std::size_t c = 0; c < kp; ++c) predUnion[c] = unionIndex(out.predValues[c]);

  const std::size_t nl = out.sliceLabels.size();
  out.sliceCount = g.size[2];
  out.slices.assign(out.sliceCount * nl, SliceLabelCounts{});

  tbb::enumerable_thread_specific<Scratch> scratch([&] {
    Scratch s;
    if (dense) {
      s.dense.hist.assign(kr * kp, 0);
      s.dense.touched.reserve(1024);
    }
    return s;
  });
  std::atomic<std::size_t> done{0};
  const std::size_t sliceVoxels = g.sliceSize();

  std::visit(
      [&](const auto& refCodes, const auto& predCodes) {
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, out.sliceCount), [&](const auto& range) {
              Scratch& s = scratch.local();
              for (std::size_t z = range.begin(); z != range.end(); ++z) {
                checkCancelled(progress);
                const std::size_t offset = z * sliceVoxels;
                SliceLabelCounts* row = nl ? &out.slices[z * nl] : nullptr;
                const auto flush = [&](std::uint64_t cell, std::uint32_t c) {
                  s.total[cell] += c;
                  const int ri = refUnion[cell / kp], pi = predUnion[cell % kp];
                  if (ri >= 0) row[ri].ref += c;
                  if (pi >= 0) row[pi].pred += c;
                  if (ri >= 0 && ri == pi) row[ri].tp += c;
                };
                if (dense) {
                  countSlice(refCodes.data() + offset, predCodes.data() + offset, sliceVoxels, kp, s.dense);
                  s.dense.flush(flush);
                } else {
                  countSlice(refCodes.data() + offset, predCodes.data() + offset, sliceVoxels, kp, s.sparse);
                  s.sparse.flush(flush);
                }
                const std::size_t finished = ++done;
                if (progress && (finished & 7) == 0)
                  progress->report(double(finished) / double(out.sliceCount));
              }
            });
      },
      reference.codes, prediction.codes);

  // Only the cells that occur: proportional to them, whatever the number of labels.
  std::unordered_map<std::uint64_t, std::uint64_t> merged;
  for (Scratch& s : scratch)
    for (const auto& [cell, n] : s.total) merged[cell] += n;
  out.joint.reserve(merged.size());
  out.refCodeVoxels.assign(kr, 0);
  out.predCodeVoxels.assign(kp, 0);
  for (const auto& [cell, n] : merged) {
    const auto r = std::uint32_t(cell / kp), p = std::uint32_t(cell % kp);
    out.joint.push_back({r, p, n});
    out.refCodeVoxels[r] += n;
    out.predCodeVoxels[p] += n;
  }
  std::sort(out.joint.begin(), out.joint.end(), [](const JointCell& x, const JointCell& y) {
    return x.refCode != y.refCode ? x.refCode < y.refCode : x.predCode < y.predCode;
  });
  reportProgress(progress, 1.0);
  return out;
}

std::vector<SliceLabelCounts> sliceProfile(const LabelImage& reference,
                                           const LabelImage& prediction, std::uint32_t label,
                                           int axis, Progress* progress) {
  if (reference.geometry.size != prediction.geometry.size)
    throw std::invalid_argument("sliceProfile: images have different sizes");
  if (axis < 0 || axis > 2) throw std::invalid_argument("sliceProfile: axis must be 0, 1 or 2");
  const Geometry& g = reference.geometry;
  const int rc = reference.codeOf(label), pc = prediction.codeOf(label);
  std::vector<SliceLabelCounts> out(g.size[axis]);
  if (label == 0 || (rc < 0 && pc < 0)) return out;
  const std::size_t nx = g.size[0], ny = g.size[1], nz = g.size[2];
  // Per-k-slab partial profiles, merged afterwards: no two tasks write the same counter.
  tbb::enumerable_thread_specific<std::vector<SliceLabelCounts>> partial(
      [&] { return std::vector<SliceLabelCounts>(g.size[axis]); });
  std::visit(
      [&](const auto& a, const auto& b) {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nz), [&](const auto& range) {
          auto& prof = partial.local();
          for (std::size_t z = range.begin(); z != range.end(); ++z) {
            checkCancelled(progress);
            for (std::size_t y = 0; y < ny; ++y) {
              const std::size_t row = (z * ny + y) * nx;
              for (std::size_t x = 0; x < nx; ++x) {
                const bool inRef = int(a[row + x]) == rc, inPred = int(b[row + x]) == pc;
                if (!(inRef | inPred)) continue;
                auto& c = prof[axis == 0 ? x : (axis == 1 ? y : z)];
                c.ref += inRef;
                c.pred += inPred;
                c.tp += inRef & inPred;
              }
            }
          }
        });
      },
      reference.codes, prediction.codes);
  for (const auto& prof : partial)
    for (std::size_t s = 0; s < out.size(); ++s) {
      out[s].ref += prof[s].ref;
      out[s].pred += prof[s].pred;
      out[s].tp += prof[s].tp;
    }
  return out;
}

}  // namespace seglens
