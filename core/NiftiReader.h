#pragma once
// The fast path for .nii and .nii.gz: reads the file once, parses the header itself
// (NiftiHeader), inflates with libdeflate straight into the buffer that becomes the image, and
// converts voxels in place exactly as ITK's NiftiImageIO + ImageFileReader would.
//
// Anything it does not handle (other formats, 2-D or 4-D images, RGB/complex voxels, qform/sform
// combinations too close to ITK's tolerances, a gzip stream longer than the header declares) is
// reported as unsupported so the caller reads the file with ITK instead. Corrupt files throw
// InputError naming the file, before any allocation the file could not back.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "NiftiHeader.h"
#include "UniqueFd.h"

namespace seglens {

class NiftiReader {
 public:
  // True for names ending in .nii or .nii.gz (any case) while the fast path is enabled.
  static bool handles(const std::string& path);
  // On by default; SEGLENS_NIFTI_FAST=0 in the environment turns it off, so a user can compare
  // with (or retreat to) plain ITK. Tests switch it to check both paths give the same images.
  static void setEnabled(bool enabled);
  static bool enabled();

  // Reads and validates the header; with `headerOnly` the voxel data is not read at all.
  explicit NiftiReader(std::string path, bool headerOnly = false);
  ~NiftiReader() = default;
  NiftiReader(const NiftiReader&) = delete;
  NiftiReader& operator=(const NiftiReader&) = delete;

  bool supported() const { return header_.unsupported.empty(); }
  const NiftiHeader& header() const { return header_; }

  // Each read* returns nullopt when the data turns out to be something for ITK after all (a
  // gzip stream holding more than the header declares). Only one read per reader.

  // Voxels as float, rescaled, with NaN/inf replaced by 0 as niftilib does - unless
  // `keepNonFinite`, which label loading uses so that a NaN in a probability map is reported.
  std::optional<std::vector<float>> readFloats(bool keepNonFinite = false);
  // One-byte voxels (uint8/int8, not rescaled) in file order: for uint8 these are label codes.
  std::optional<std::vector<std::uint8_t>> readBytes();
  // Integer voxels (not rescaled) in native byte order.
  template <class T>
  struct Integers {
    std::unique_ptr<T[]> storage;
    const T* data = nullptr;
  };
  template <class T>
  std::optional<Integers<T>> readIntegers();

 private:
  // Places the declared voxel bytes in dst (capacity dataCapacity()); returns false when ITK
  // should read the file instead. The data starts at dataBase() in dst.
  bool fill(std::uint8_t* dst);
  std::size_t dataBase() const { return compressed_ ? static_cast<std::size_t>(header_.voxOffset) : 0; }
  std::size_t dataCapacity() const { return dataBase() + static_cast<std::size_t>(header_.dataBytes()); }

  std::string path_;
  NiftiHeader header_;
  UniqueFd fd_;  // owned: closed even when the constructor throws on a bad header
  bool compressed_ = false;
  std::vector<std::uint8_t> file_;    // the whole compressed file (gzip only)
  std::vector<std::uint8_t> prefix_;  // decompressed header bytes, re-checked after inflation
};

}  // namespace seglens
