#include "NiftiGzip.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "InputError.h"
#include "UniqueFd.h"

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

// One zlib inflate stream, ended on every path.
class ZStream {
 public:
  ZStream() {
    std::memset(&z_, 0, sizeof z_);
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();  // gzip wrapper only
  }
  ~ZStream() { inflateEnd(&z_); }
  ZStream(const ZStream&) = delete;
  ZStream& operator=(const ZStream&) = delete;
  z_stream* get() { return &z_; }

 private:
  z_stream z_;
};

}  // namespace

void NiftiGzip::checkComplete(const std::string& path) {
  UniqueFd fd = UniqueFd::open(path, O_RDONLY);
  if (!fd.valid()) throw InputError(path, std::string("cannot open: ") + std::strerror(errno));
  ZStream stream;
  z_stream* z = stream.get();
  std::vector<unsigned char> in(1 << 16), out(1 << 16);
  std::uint64_t consumed = 0;  // compressed bytes read so far
  bool inMember = false;       // a member has started and its trailer has not been checked yet
  bool atEnd = false;
  for (;;) {
    if (z->avail_in == 0 && !atEnd) {
      ssize_t n;
      do n = ::read(fd.get(), in.data(), in.size()); while (n < 0 && errno == EINTR);
      if (n < 0) throw InputError(path, std::string("cannot read: ") + std::strerror(errno));
      atEnd = n == 0;
      z->next_in = in.data();
      z->avail_in = static_cast<uInt>(n);
    }
    if (z->avail_in == 0 && atEnd) break;
    if (!inMember) {
      // A new member must start with the gzip magic; anything else is ignored trailing data.
      if (z->avail_in >= 2 && !(z->next_in[0] == 0x1f && z->next_in[1] == 0x8b)) break;
      if (z->avail_in < 2 && atEnd) break;  // one stray byte after the last member
      inMember = true;
    }
    z->next_out = out.data();
    z->avail_out = static_cast<uInt>(out.size());
    const uInt before = z->avail_in;
    const int r = inflate(z, Z_NO_FLUSH);
    consumed += before - z->avail_in;
    if (r == Z_STREAM_END) {
      inMember = false;
      inflateReset(z);
    } else if (r == Z_MEM_ERROR) {
      throw std::bad_alloc();
    } else if (r != Z_OK && r != Z_BUF_ERROR) {
      throw InputError(path, std::string("corrupt gzip data (") + (z->msg ? z->msg : "bad data") +
                                 " after " + std::to_string(consumed) + " compressed bytes)");
    } else if (r == Z_BUF_ERROR && z->avail_in == 0 && atEnd) {
      break;
    }
  }
  if (inMember) {
    throw InputError(path, "gzip stream is truncated: the file ends after " +
                               std::to_string(consumed) +
                               " bytes, before the end of the compressed data and its trailer "
                               "(CRC-32 and length); incomplete download?");
  }
}

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
    checkComplete(path);  // names a truncated stream as such (see inflateAll)
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
      // libdeflate cannot tell a cut stream from a corrupt one; zlib's streaming check can, and
      // "truncated" is what a user with an incomplete download needs to read.
      checkComplete(path);
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
