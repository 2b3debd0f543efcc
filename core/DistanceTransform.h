#pragma once
// Exact Euclidean distance transform on an anisotropic grid: Felzenszwalb-Huttenlocher lower
// envelope of parabolas, one pass per axis weighted by that axis' spacing, parallel over lines.
//
// The per-voxel state is the index of the nearest seed (4 bytes), not a float distance: a float
// distance map carries about 1e-7 relative error on spacings such as 0.8 mm (0.64 is not a
// float), which is visible next to a brute-force reference. From the index every caller gets the
// distance exactly, in double, and the float map below is that value rounded once.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace seglens {

class DistanceTransform {
 public:
  using Size = std::array<std::size_t, 3>;
  using Spacing = std::array<double, 3>;
  // Feature value of a voxel when the grid has no seed at all.
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  // A per-voxel array left uninitialised (every pass writes before it reads) and, on Linux,
  // backed by transparent huge pages: zero-filling and 4 KiB page faults cost more than the
  // transform's own arithmetic on a CT-sized grid.
  template <class T>
  class Buffer {
   public:
    Buffer() = default;
    explicit Buffer(std::size_t n);
    T* data() { return data_.get(); }
    const T* data() const { return data_.get(); }
    std::size_t size() const { return size_; }
    T& operator[](std::size_t i) { return data_.get()[i]; }
    const T& operator[](std::size_t i) const { return data_.get()[i]; }

   private:
    struct Free {
      void operator()(T* p) const;
    };
    std::unique_ptr<T, Free> data_;
    std::size_t size_ = 0;
  };

  // For every voxel of an x-fastest grid, the linear index of a nearest seed (a voxel with
  // `seeds[i] & seedMask` non-zero), distances measured in mm between voxel centres. Ties are
  // broken arbitrarily; every tied seed is at the same distance. Throws std::length_error when
  // the grid has 2^32 - 1 voxels or more.
  static Buffer<std::uint32_t> nearestSeeds(const std::uint8_t* seeds, const Size& size,
                                            const Spacing& spacing, std::uint8_t seedMask = 0xFF);
  // The same into a caller's array of size[0]*size[1]*size[2] entries, so it can be reused.
  static void nearestSeedsInto(const std::uint8_t* seeds, const Size& size, const Spacing& spacing,
                               std::uint8_t seedMask, std::uint32_t* out);

  // The same, exact wherever `seeds[i] & queryMask` is non-zero and unspecified elsewhere: the
  // last pass runs only on the z-lines that hold such a voxel (distances are read only there).
  static void nearestSeedsAtInto(const std::uint8_t* seeds, const Size& size,
                                 const Spacing& spacing, std::uint8_t seedMask,
                                 std::uint8_t queryMask, std::uint32_t* out);

  // Squared distance in mm^2 from every voxel to its nearest seed, computed exactly in double
  // and rounded to float once; +infinity everywhere when there is no seed.
  static Buffer<float> squaredDistances(const std::uint8_t* seeds, const Size& size,
                                        const Spacing& spacing, std::uint8_t seedMask = 0xFF);

  // Distance in mm between voxel centres given by linear indices of the same grid. Used
  // everywhere a distance is formed, so tests and metrics round identically.
  static double distanceMm(std::size_t a, std::size_t b, const Size& size, const Spacing& spacing) {
    const std::size_t nx = size[0], slice = size[0] * size[1];
    const double dz = (double(a / slice) - double(b / slice)) * spacing[2];
    const double dy = (double(a % slice / nx) - double(b % slice / nx)) * spacing[1];
    const double dx = (double(a % nx) - double(b % nx)) * spacing[0];
    return std::sqrt(dx * dx + dy * dy + dz * dz);
  }
};

}  // namespace seglens
