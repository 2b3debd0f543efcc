#pragma once
// Gzip decompression for .nii.gz with libdeflate: whole-buffer inflation straight into the
// caller's final buffer, whose size comes from the NIfTI header, across any number of members.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace seglens {

class NiftiGzip {
 public:
  static bool isGzip(const std::uint8_t* bytes, std::size_t size) {
    return size >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
  }

  // The first bytes of the decompressed stream (at least `want` when the first member holds that
  // many; fewer means the caller should not trust the file to the fast path). Throws InputError
  // naming `path` when the data is corrupt.
  static std::vector<std::uint8_t> inflatePrefix(const std::string& path, const std::uint8_t* in,
                                                 std::size_t size, std::size_t want);

  enum class Result {
    Exact,    // the members decompressed to exactly `capacity` bytes
    Short,    // the stream ended early; `produced` says where
    TooLong,  // more data than `capacity` (or corruption that looks like it)
  };
  // Decompresses every member into out[0, capacity), checking each member's CRC and length.
  // Throws InputError naming `path` on corrupt or truncated gzip data.
  static Result inflateAll(const std::string& path, const std::uint8_t* in, std::size_t size,
                           std::uint8_t* out, std::size_t capacity, std::size_t& produced);

  // Streams the whole file at `path` through zlib and throws InputError unless it is a sequence
  // of complete gzip members, each ending with a trailer whose CRC-32 and length match the data
  // (trailing non-gzip bytes after a member are ignored, as zlib's gzread does). For files the
  // fast path hands to ITK: ITK's reader accepts a stream cut anywhere in its trailer.
  static void checkComplete(const std::string& path);
};

}  // namespace seglens
