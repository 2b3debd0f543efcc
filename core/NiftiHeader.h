#pragma once
// A NIfTI-1 / NIfTI-2 header parsed and validated without ITK, for the fast loading path.
//
// The geometry must equal what ITK 5.2's NiftiImageIO + ImageFileReader produce, bit for bit,
// because scans and label maps loaded by either path are compared voxel by voxel. Where ITK's
// choice between qform and sform depends on a float SVD we cannot reproduce exactly (it is
// numerically erratic near its tolerances), the header is marked unsupported and the caller
// falls back to ITK rather than guess.
#include <cstddef>
#include <cstdint>
#include <string>

#include "Geometry.h"

namespace seglens {

class NiftiHeader {
 public:
  // NIfTI datatype codes the fast path converts; any other code is read by ITK or rejected.
  enum Datatype : int {
    kUInt8 = 2, kInt16 = 4, kInt32 = 8, kFloat32 = 16, kFloat64 = 64,
    kInt8 = 256, kUInt16 = 512, kUInt32 = 768, kInt64 = 1024, kUInt64 = 1280,
  };

  int version = 1;            // 1 or 2
  bool byteSwapped = false;   // file byte order differs from this machine's
  int datatype = 0;
  std::size_t bytesPerVoxel = 0;
  std::uint64_t voxOffset = 0;  // byte offset of the voxel data in the (decompressed) file
  // Rescaling as ITK applies it: slope 0 means 1; `rescale` is ITK's MustRescale().
  double slope = 1.0;
  double intercept = 0.0;
  bool rescale = false;
  Geometry geometry;
  // Non-empty when the fast path declines this file (ITK reads it instead); says why.
  std::string unsupported;

  std::size_t voxelCount() const { return geometry.voxelCount(); }
  std::uint64_t dataBytes() const { return std::uint64_t(voxelCount()) * bytesPerVoxel; }
  bool isFloat() const { return datatype == kFloat32 || datatype == kFloat64; }
  bool isSigned() const;

  static constexpr std::size_t kNifti1Size = 348;
  static constexpr std::size_t kNifti2Size = 540;

  // Size of the header these bytes start (348 or 540, either byte order), or 0 when they do not
  // start a NIfTI header at all.
  static std::size_t headerSize(const std::uint8_t* bytes, std::size_t size);

  // Parses and validates. A definite corruption (impossible dimensions, negative spacing, NaN in
  // the affine, unknown datatype, ...) throws InputError naming `path`; a valid header the fast
  // path does not handle comes back with `unsupported` set.
  static NiftiHeader parse(const std::string& path, const std::uint8_t* bytes, std::size_t size);
};

}  // namespace seglens
