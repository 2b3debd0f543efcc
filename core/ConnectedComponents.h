#pragma once
// Connected components of a binary mask (one label, or a region = a set of labels) for the
// lesion-wise metrics (issue 16, README "Lesion-wise metrics").
//
// The mask is held as runs: maximal stretches of foreground voxels along i, in storage order
// (i fastest, then j, then k). Lesion masks are sparse, so runs are few next to voxels, and
// union-find over runs (one node per run, links to the touching runs of the previous rows) does
// the labelling in a pass over the image plus work proportional to the runs. Component ids run
// 1..n in the order of each component's first voxel in storage order, whatever the thread count:
// the union-find root of a component is always its lowest run, and ids are handed out walking
// the runs in order.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "IndexBox.h"
#include "LabelImage.h"

namespace seglens {

// [begin, end) along i in image row `row` = j + ny * k.
struct Run {
  std::size_t row = 0;
  std::uint32_t begin = 0, end = 0;
  std::uint32_t length() const { return end - begin; }
};

// A binary mask as runs, sorted by (row, begin); runs never touch within a row (maximal).
struct RunMask {
  std::array<std::size_t, 3> size{0, 0, 0};
  std::vector<Run> runs;
  // runs[rowStart[r]] .. runs[rowStart[r + 1]] are row r's runs; rows() + 1 entries.
  std::vector<std::size_t> rowStart{0};

  std::size_t rows() const { return size[1] * size[2]; }
  std::uint64_t voxels() const;
  // Fills rowStart from `runs` (already sorted).
  void index();

  // Voxels whose label is one of `labels` (a label absent from the image adds nothing).
  static RunMask fromImage(const LabelImage& image, const std::vector<std::uint32_t>& labels);
  // Non-zero voxels of a byte mask of `size`.
  static RunMask fromMask(const std::array<std::size_t, 3>& size, const std::uint8_t* mask);
  // Dilation by `iterations` steps of the 18-neighbourhood (3x3x3 cube without its corners),
  // as scipy.ndimage.binary_dilation with generate_binary_structure(3, 2): offsets (a, b, c)
  // with max(|a|,|b|,|c|) <= K and |a|+|b|+|c| <= 2K. Clipped at the image edge (nothing
  // outside the image is set; clipping does not change what is reached inside, as every offset
  // is reached by a path within the box of its two ends). K = 0 returns the mask.
  RunMask dilated(int iterations) const;
};

// Calls f(indexInA, indexInB, overlapVoxels) for every pair of runs of `a` and `b` (same size)
// that share voxels, row by row in storage order.
template <class F>
void forEachOverlap(const RunMask& a, const RunMask& b, F f) {
  const std::size_t rows = a.rows();
  for (std::size_t r = 0; r < rows; ++r) {
    std::size_t i = a.rowStart[r], j = b.rowStart[r];
    const std::size_t ie = a.rowStart[r + 1], je = b.rowStart[r + 1];
    while (i < ie && j < je) {
      const Run& x = a.runs[i];
      const Run& y = b.runs[j];
      const std::uint32_t lo = std::max(x.begin, y.begin), hi = std::min(x.end, y.end);
      if (lo < hi) f(i, j, std::uint64_t(hi - lo));
      if (x.end < y.end) ++i;
      else ++j;
    }
  }
}

class ConnectedComponents {
 public:
  // What is known of each component without a voxel image: voxels, the sum of its voxels'
  // indices (for the centroid) and its index box.
  struct Component {
    std::uint64_t voxels = 0;
    std::array<double, 3> indexSum{0, 0, 0};
    IndexBox box;
  };

  // Components given one id (1..count) per run of `mask`: their summaries and run lists.
  struct Grouping {
    std::vector<Component> components;  // [id - 1]
    // The runs of component id, ascending: runs[offsets[id - 1]] .. runs[offsets[id]].
    std::vector<std::size_t> offsets{0}, runs;
  };
  static Grouping group(const RunMask& mask, const std::vector<std::uint32_t>& runIds,
                        std::size_t count);

  // `connectivity` is 6 (faces), 18 (faces and edges) or 26 (faces, edges and corners);
  // anything else throws std::invalid_argument.
  ConnectedComponents(RunMask mask, int connectivity);

  std::size_t count() const { return groups_.components.size(); }
  const RunMask& mask() const { return mask_; }
  // Component id (1..count) of each run of mask().
  const std::vector<std::uint32_t>& runComponent() const { return runComponent_; }
  const Grouping& groups() const { return groups_; }
  // One id per voxel (0 outside the mask), for tests and views.
  std::vector<std::uint32_t> labelImage() const;

 private:
  std::size_t link(int connectivity);

  RunMask mask_;
  std::vector<std::uint32_t> runComponent_;
  Grouping groups_;
};

}  // namespace seglens
