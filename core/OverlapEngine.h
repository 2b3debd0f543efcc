#pragma once
// The overlap engine: one parallel pass over a reference and a prediction producing their joint
// label histogram (the full confusion matrix) and per-slice counts along k (image z).
#include <cstdint>
#include <vector>

#include "LabelImage.h"
#include "Progress.h"

namespace seglens {

struct BinaryCounts {
  std::uint64_t tp = 0, fp = 0, fn = 0, tn = 0;
};

// Per-slice counts for one label. FP = pred - tp, FN = ref - tp.
struct SliceLabelCounts {
  std::uint32_t tp = 0, ref = 0, pred = 0;
};

// One non-zero cell of the joint histogram.
struct JointCell {
  std::uint32_t refCode = 0, predCode = 0;
  std::uint64_t count = 0;
  bool operator==(const JointCell& o) const {
    return refCode == o.refCode && predCode == o.predCode && count == o.count;
  }
};

struct OverlapCounts {
  std::vector<std::uint32_t> refValues;   // reference code -> label
  std::vector<std::uint32_t> predValues;  // prediction code -> label
  // Sparse: only the non-zero cells, sorted by (refCode, predCode). Thousands of labels on a
  // small image give few cells, and memory and time follow them, not refCodes x predCodes.
  std::vector<JointCell> joint;
  std::vector<std::uint64_t> refCodeVoxels, predCodeVoxels;  // voxels per code of each image
  std::uint64_t totalVoxels = 0;
  double voxelVolume = 1.0;

  // Per-slice counts along k for every non-zero label of either image: entry
  // [slice * sliceLabels.size() + labelIndex].
  std::vector<std::uint32_t> sliceLabels;
  std::size_t sliceCount = 0;
  std::vector<SliceLabelCounts> slices;

  // Voxels with reference label r and predicted label p.
  std::uint64_t count(std::uint32_t refLabel, std::uint32_t predLabel) const;
  std::uint64_t refVoxels(std::uint32_t label) const;
  std::uint64_t predVoxels(std::uint32_t label) const;
  // One label against everything else.
  BinaryCounts binary(std::uint32_t label) const;
  // Any non-zero label against background.
  BinaryCounts foreground() const;
  // Non-zero labels present in the reference or the prediction, ascending.
  std::vector<std::uint32_t> presentLabels() const;
  const SliceLabelCounts* sliceCounts(std::size_t slice, std::uint32_t label) const;
};

// Both images must share a grid (check with compareGeometry first); throws std::invalid_argument
// otherwise. Thread count follows the active tbb::global_control.
OverlapCounts computeOverlap(const LabelImage& reference, const LabelImage& prediction,
                             Progress* progress = nullptr);

// Per-slice counts of one label along any index axis (0 = i/x, 1 = j/y, 2 = k/z): a separate,
// cheaper pass used when the viewer needs a profile along x or y.
std::vector<SliceLabelCounts> sliceProfile(const LabelImage& reference,
                                           const LabelImage& prediction, std::uint32_t label,
                                           int axis, Progress* progress = nullptr);

}  // namespace seglens
