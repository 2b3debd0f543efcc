#include "NiftiGzip.h"

#include <libdeflate.h>

#include <algorithm>
#include <memory>

#include "InputError.h"

namespace seglens {
namespace {

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};
using Decompressor = std::unique_ptr<libdeflate_decompressor, DecompressorDeleter>;

Decompressor makeDecompressor() {
  Decompressor d(libdeflate_alloc_decompressor());
  if (!d) throw std::bad_alloc();
  return d;
}

// Length of the gzip member header at `in` (RFC 1952), or 0 when it is malformed or cut short.
std::size_t memberHeaderSize(const std::uint8_t* in, std::size_t size) {
  if (size < 10 || in[0] != 0x1f || in[1] != 0x8b || in[2] != 8) return 0;
  const std::uint8_t flags = in[3];
  std::size_t pos = 10;
  if (flags & 0x04) {  // FEXTRA
    if (size < pos + 2) return 0;
    pos += 2 + (in[pos] | (std::size_t(in[pos + 1]) << 8));
  }
  for (std::uint8_t bit : {std::uint8_t(0x08), std::uint8_t(0x10)}) {  // FNAME, FCOMMENT
    if (!(flags & bit)) continue;
    while (pos < size && in[pos] != 0) ++pos;
    ++pos;
  }
  if (flags & 0x02) pos += 2;  // FHCRC
  return pos < size ? pos : 0;
}

}  // namespace

std::vector<std::uint8_t> NiftiGzip::inflatePrefix(const std::string& path, const std::uint8_t* in,
                                                   std::size_t size, std::size_t want) {
  const std::size_t header = memberHeaderSize(in, size);
  if (header == 0) throw InputError(path, "corrupt gzip header");
  // libdeflate has no streaming mode, so decompress into a bounded buffer and take the bytes
  // produced before it ran out of room. Larger than a deflate stored block (65535 bytes), so the
  // first block always lands whole; the caller re-checks these bytes after the full inflation.
  std::vector<std::uint8_t> out(std::max<std::size_t>(want, 1 << 17));
  auto d = makeDecompressor();
  std::size_t actualIn = 0, actualOut = 0;
  const auto r = libdeflate_deflate_decompress_ex(d.get(), in + header, size - header, out.data(),
                                                  out.size(), &actualIn, &actualOut);
  if (r == LIBDEFLATE_SUCCESS) {
    out.resize(actualOut);
  } else if (r != LIBDEFLATE_INSUFFICIENT_SPACE) {
    throw InputError(path, "corrupt or truncated gzip data");
  }
  return out;
}

NiftiGzip::Result NiftiGzip::inflateAll(const std::string& path, const std::uint8_t* in,
                                        std::size_t size, std::uint8_t* out, std::size_t capacity,
                                        std::size_t& produced) {
  auto d = makeDecompressor();
  produced = 0;
  std::size_t pos = 0;
  // zlib's gzread, which ITK uses, reads concatenated members and ignores trailing non-gzip bytes.
  while (pos < size && isGzip(in + pos, size - pos)) {
    std::size_t actualIn = 0, actualOut = 0;
    const auto r = libdeflate_gzip_decompress_ex(d.get(), in + pos, size - pos, out + produced,
                                                 capacity - produced, &actualIn, &actualOut);
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE) return Result::TooLong;
    if (r != LIBDEFLATE_SUCCESS) {
      throw InputError(path, produced == 0 && pos == 0
                                 ? "corrupt or truncated gzip data"
                                 : "corrupt or truncated gzip data after " +
                                       std::to_string(produced) + " decompressed bytes");
    }
    produced += actualOut;
    pos += actualIn;
  }
  return produced == capacity ? Result::Exact : Result::Short;
}

}  // namespace seglens
