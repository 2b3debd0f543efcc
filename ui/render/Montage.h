#pragma once
// Lightbox montage support: which slices of a view to show (evenly spaced or every k-th within
// the label's extent) and the overlap counts of one displayed slice, so each tile can carry the
// Dice of exactly the pixels it shows (views slice along anatomical axes, which need not be an
// index axis, so core's per-slice profile along k is not always the same slice).
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "model/ViewGeometry.h"

namespace seglens {

class ViewerModel;

// The label's voxels (all non-zero labels for 0) in the GT and the active prediction, as the
// in-plane bounds [xmin, xmax, ymin, ymax] (mm, voxel centres) and depths [wmin, wmax] on `grid`
// of the corners of their index bounding box; nullopt when neither holds the label.
std::optional<std::array<double, 6>> labelGridBounds(const ViewerModel& model, const SliceGrid& grid,
                                                     std::uint32_t label);

// Slice range [first, last] of `grid` covering the voxels of `label` (0: any non-zero label) in
// the GT and the active prediction; nullopt when neither has such a voxel.
std::optional<std::pair<int, int>> labelSliceExtent(const ViewerModel& model, const SliceGrid& grid,
                                                    std::uint32_t label);

// `count` evenly spaced slices from first to last (both included), or every `step`-th slice
// when step > 0. Ascending, without duplicates.
std::vector<int> montageSlices(int first, int last, int count, int step);

struct SliceOverlap {
  std::uint64_t tp = 0, ref = 0, pred = 0;
  // 2TP / (|ref| + |pred|); nullopt when the label is on neither (nothing to score).
  std::optional<double> dice() const;
};

// Counts of `label` (0: foreground) between the GT and prediction `predictionId` on slice k.
SliceOverlap sliceOverlap(const ViewerModel& model, const SliceGrid& grid, int k, int predictionId,
                          std::uint32_t label);

}  // namespace seglens
