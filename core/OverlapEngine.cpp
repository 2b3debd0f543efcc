#include "OverlapEngine.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <stdexcept>

namespace seglens {
namespace {

// Cells above this would make each thread's histogram larger than its cache is useful for.
constexpr std::size_t kMaxJointCells = std::size_t(1) << 24;
constexpr std::size_t kBlock = 64;

struct Scratch {
  std::vector<std::uint32_t> hist;     // one slice's joint histogram
  std::vector<std::uint32_t> touched;  // non-zero cells of `hist`, so a flush costs O(touched)
  std::vector<std::uint64_t> joint;    // this thread's total
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

template <class A, class B>
void countSlice(const A* a, const B* b, std::size_t n, std::size_t kp, Scratch& s) {
  std::uint32_t* hist = s.hist.data();
  auto add = [&](std::size_t cell, std::uint32_t c) {
    if (hist[cell] == 0) s.touched.push_back(static_cast<std::uint32_t>(cell));
    hist[cell] += c;
  };
  std::size_t i = 0;
  // Organ-like masks are mostly long runs of one (ref, pred) pair: test a block for uniformity
  // and count it with one increment. Uniform blocks in a row are summed in a register.
  std::size_t runCell = 0;
  std::uint32_t run = 0;
  for (; i + kBlock <= n; i += kBlock) {
    if (blockIsUniform(a + i, b + i)) {
      const std::size_t cell = std::size_t(a[i]) * kp + b[i];
      if (cell != runCell && run) {
        add(runCell, run);
        run = 0;
      }
      runCell = cell;
      run += kBlock;
    } else {
      for (std::size_t j = 0; j < kBlock; ++j) add(std::size_t(a[i + j]) * kp + b[i + j], 1);
    }
  }
  if (run) add(runCell, run);
  for (; i < n; ++i) add(std::size_t(a[i]) * kp + b[i], 1);
}

}  // namespace

std::uint64_t OverlapCounts::count(std::uint32_t refLabel, std::uint32_t predLabel) const {
  const std::size_t kp = predValues.size();
  std::uint64_t total = 0;
  for (std::size_t r = 0; r < refValues.size(); ++r) {
    if (refValues[r] != refLabel) continue;
    for (std::size_t p = 0; p < kp; ++p)
      if (predValues[p] == predLabel) total += joint[r * kp + p];
  }
  return total;
}

std::uint64_t OverlapCounts::refVoxels(std::uint32_t label) const {
  const std::size_t kp = predValues.size();
  std::uint64_t total = 0;
  for (std::size_t r = 0; r < refValues.size(); ++r)
    if (refValues[r] == label)
      for (std::size_t p = 0; p < kp; ++p) total += joint[r * kp + p];
  return total;
}

std::uint64_t OverlapCounts::predVoxels(std::uint32_t label) const {
  const std::size_t kp = predValues.size();
  std::uint64_t total = 0;
  for (std::size_t r = 0; r < refValues.size(); ++r)
    for (std::size_t p = 0; p < kp; ++p)
      if (predValues[p] == label) total += joint[r * kp + p];
  return total;
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
  const std::size_t kp = predValues.size();
  for (std::size_t r = 0; r < refValues.size(); ++r) {
    for (std::size_t p = 0; p < kp; ++p) {
      const std::uint64_t v = joint[r * kp + p];
      const bool inRef = refValues[r] != 0, inPred = predValues[p] != 0;
      if (inRef && inPred) c.tp += v;
      else if (inRef) c.fn += v;
      else if (inPred) c.fp += v;
      else c.tn += v;
    }
  }
  return c;
}

std::vector<std::uint32_t> OverlapCounts::presentLabels() const {
  std::vector<std::uint32_t> labels;
  const std::size_t kp = predValues.size();
  for (std::size_t r = 0; r < refValues.size(); ++r)
    for (std::size_t p = 0; p < kp; ++p)
      if (joint[r * kp + p]) {
        if (refValues[r]) labels.push_back(refValues[r]);
        if (predValues[p]) labels.push_back(predValues[p]);
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
  const std::size_t kr = out.refValues.size(), kp = out.predValues.size();
  if (kr * kp > kMaxJointCells)
    throw std::invalid_argument("too many labels for the joint histogram (" + std::to_string(kr) +
                                " x " + std::to_string(kp) + ")");

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
    s.hist.assign(kr * kp, 0);
    s.joint.assign(kr * kp, 0);
    s.touched.reserve(1024);
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
                countSlice(refCodes.data() + offset, predCodes.data() + offset, sliceVoxels, kp, s);
                SliceLabelCounts* row = nl ? &out.slices[z * nl] : nullptr;
                for (std::uint32_t cell : s.touched) {
                  const std::uint32_t c = s.hist[cell];
                  s.hist[cell] = 0;
                  s.joint[cell] += c;
                  const int ri = refUnion[cell / kp], pi = predUnion[cell % kp];
                  if (ri >= 0) row[ri].ref += c;
                  if (pi >= 0) row[pi].pred += c;
                  if (ri >= 0 && ri == pi) row[ri].tp += c;
                }
                s.touched.clear();
                const std::size_t finished = ++done;
                if (progress && (finished & 7) == 0)
                  progress->report(double(finished) / double(out.sliceCount));
              }
            });
      },
      reference.codes, prediction.codes);

  out.joint.assign(kr * kp, 0);
  for (const Scratch& s : scratch)
    for (std::size_t i = 0; i < out.joint.size(); ++i) out.joint[i] += s.joint[i];
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
