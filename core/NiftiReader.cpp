#include "NiftiReader.h"

#include "LargeBuffer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "InputError.h"
#include "NiftiGzip.h"

namespace seglens {
namespace {

constexpr std::size_t kGrain = 1 << 16;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string gib(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GiB", double(bytes) / (1ull << 30));
  return text;
}

// The user must be able to tell "fix the permissions" from "the file is bad".
std::string openErrorText(int err) {
  if (err == EACCES || err == EPERM) return "permission denied";
  return std::string("cannot open: ") + std::strerror(err);
}

// pread until `size` bytes arrive; false on a short file.
bool readAt(int fd, std::uint8_t* dst, std::size_t size, std::uint64_t offset) {
  while (size > 0) {
    const ssize_t got = ::pread(fd, dst, size, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    dst += got;
    size -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

template <class T>
T load(const std::uint8_t* p, bool swap) {
  T v;
  if (!swap) {
    std::memcpy(&v, p, sizeof(T));
  } else {
    std::uint8_t b[sizeof(T)];
    for (std::size_t i = 0; i < sizeof(T); ++i) b[i] = p[sizeof(T) - 1 - i];
    std::memcpy(&v, b, sizeof(T));
  }
  return v;
}

// One voxel as ITK delivers it in an itk::Image<float>: niftilib zeroes non-finite floats, ITK's
// NiftiImageIO rescales (integers after a cast to float, in double), ImageFileReader casts.
template <class T, bool Swap, bool Rescale>
struct ToFloat {
  double slope, intercept;
  bool keepNonFinite;
  float operator()(const std::uint8_t* p) const {
    T v = load<T>(p, Swap);
    if constexpr (std::is_floating_point_v<T>) {
      if (!keepNonFinite && !std::isfinite(v)) v = 0;
    }
    if constexpr (!Rescale) {
      return static_cast<float>(v);
    } else if constexpr (std::is_same_v<T, double>) {
      double tmp = v * slope;
      tmp += intercept;
      return static_cast<float>(tmp);
    } else {
      double tmp = static_cast<double>(static_cast<float>(v)) * slope;
      tmp += intercept;
      return static_cast<float>(tmp);
    }
  }
};

// Converts n voxels whose source bytes start at bytes + base (s bytes each) into floats at
// bytes + 4*i, in place, for s < 4. Working down from the top in stages, each stage only touches
// elements whose floats land above every source byte still unread, so a stage runs in parallel;
// the few lowest elements, whose floats would overwrite their own sources, go through a copy.
template <class Conv>
void widenInPlace(std::uint8_t* bytes, std::size_t base, std::size_t n, std::size_t s, const Conv& conv) {
  constexpr std::size_t d = sizeof(float);
  std::size_t b = n;
  while (b > 0) {
    const std::size_t a = (base + s * b + d - 1) / d;
    if (a >= b) break;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(a, b, kGrain), [&](const auto& r) {
      // Converted through a small local block so the loops stay simple enough to vectorise.
      float block[1024];
      for (std::size_t i = r.begin(); i < r.end(); i += 1024) {
        const std::size_t m = std::min<std::size_t>(1024, r.end() - i);
        const std::uint8_t* src = bytes + base + s * i;
        for (std::size_t j = 0; j < m; ++j) block[j] = conv(src + s * j);
        std::memcpy(bytes + d * i, block, m * d);
      }
    });
    b = a;
  }
  const std::vector<std::uint8_t> head(bytes + base, bytes + base + s * b);
  for (std::size_t i = 0; i < b; ++i) {
    const float v = conv(head.data() + s * i);
    std::memcpy(bytes + d * i, &v, d);
  }
}

// The source sits at bytes + base with the same width as float: shift it down, convert in place.
template <class Conv>
void convertSameWidth(std::uint8_t* bytes, std::size_t base, std::size_t n, const Conv& conv) {
  if (base) std::memmove(bytes, bytes + base, n * sizeof(float));
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kGrain), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const float v = conv(bytes + 4 * i);
      std::memcpy(bytes + 4 * i, &v, 4);
    }
  });
}

template <class Conv>
void narrow(const std::uint8_t* src, std::size_t s, float* out, std::size_t n, const Conv& conv) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kGrain), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) out[i] = conv(src + s * i);
  });
}

std::atomic<bool>& enabledFlag() {
  static std::atomic<bool> flag{[] {
    const char* env = std::getenv("SEGLENS_NIFTI_FAST");
    return !(env && std::string(env) == "0");
  }()};
  return flag;
}

}  // namespace

void NiftiReader::setEnabled(bool enabled) { enabledFlag().store(enabled); }
bool NiftiReader::enabled() { return enabledFlag().load(); }

bool NiftiReader::handles(const std::string& path) {
  if (!enabled()) return false;
  const std::string p = lower(path);
  return endsWith(p, ".nii") || endsWith(p, ".nii.gz");
}

NiftiReader::NiftiReader(std::string path, bool headerOnly) : path_(std::move(path)) {
  fd_ = UniqueFd::open(path_, O_RDONLY);
  if (!fd_.valid()) throw InputError(path_, openErrorText(errno));
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) throw InputError(path_, std::string("cannot stat: ") + std::strerror(errno));
  const auto fileSize = static_cast<std::uint64_t>(st.st_size);

  std::uint8_t magic[2] = {0, 0};
  readAt(fd_.get(), magic, std::min<std::uint64_t>(2, fileSize), 0);
  compressed_ = NiftiGzip::isGzip(magic, std::min<std::uint64_t>(2, fileSize));
  const std::uint8_t* headerBytes = nullptr;
  std::size_t headerAvailable = 0;
  std::vector<std::uint8_t> rawHeader;
  if (compressed_) {
    // A header needs at most ~540 decompressed bytes; 256 KiB of input always yields them.
    const std::uint64_t want = headerOnly ? std::min<std::uint64_t>(fileSize, 1 << 18) : fileSize;
    file_ = bigVector<std::uint8_t>(static_cast<std::size_t>(want));
    if (!readAt(fd_.get(), file_.data(), file_.size(), 0)) throw InputError(path_, "cannot read file");
    prefix_ = NiftiGzip::inflatePrefix(path_, file_.data(), file_.size(), NiftiHeader::kNifti2Size);
    headerBytes = prefix_.data();
    headerAvailable = prefix_.size();
    if (headerAvailable < NiftiHeader::kNifti1Size) {
      header_.unsupported = "first gzip member too short for a header";
      return;
    }
  } else {
    rawHeader.resize(static_cast<std::size_t>(std::min<std::uint64_t>(fileSize, NiftiHeader::kNifti2Size)));
    if (!readAt(fd_.get(), rawHeader.data(), rawHeader.size(), 0)) throw InputError(path_, "cannot read file");
    headerBytes = rawHeader.data();
    headerAvailable = rawHeader.size();
  }
  header_ = NiftiHeader::parse(path_, headerBytes, headerAvailable);
  if (!supported()) return;

  // Refuse, before allocating, sizes the file cannot back.
  const std::uint64_t needed = header_.voxOffset + header_.dataBytes();
  if (!compressed_ && fileSize < needed) {
    throw InputError(path_, "truncated: header declares " + std::to_string(header_.dataBytes()) +
                                " bytes of voxel data from offset " +
                                std::to_string(header_.voxOffset) + ", expected " +
                                std::to_string(needed) + " bytes, the file has " +
                                std::to_string(fileSize) + " (or wrong dimensions)");
  }
  // Deflate cannot expand data more than 1032:1.
  if (compressed_ && needed > fileSize * 1032 + 4096) {
    throw InputError(path_, "truncated or corrupt dimensions: header declares " +
                                std::to_string(header_.dataBytes()) +
                                " bytes of voxel data, more than the file's " +
                                std::to_string(fileSize) + " bytes of gzip can hold");
  }
  const long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && pageSize > 0) {
    const std::uint64_t memory = std::uint64_t(pages) * std::uint64_t(pageSize);
    const std::uint64_t asFloat = std::uint64_t(header_.voxelCount()) * sizeof(float);
    if (std::max(needed, asFloat) > memory)
      throw InputError(path_, "volume needs " + gib(std::max(needed, asFloat)) +
                                  ", more than this machine's " + gib(memory) + " of memory");
  }
}

bool NiftiReader::fill(std::uint8_t* dst) {
  const std::size_t capacity = dataCapacity();
  if (!compressed_) {
    if (!readAt(fd_.get(), dst, capacity, header_.voxOffset))
      throw InputError(path_, "file ended before the voxel data its header declares");
    return true;
  }
  std::size_t produced = 0;
  const auto result = NiftiGzip::inflateAll(path_, file_.data(), file_.size(), dst, capacity, produced);
  if (result == NiftiGzip::Result::TooLong) return false;
  if (result == NiftiGzip::Result::Short) {
    throw InputError(path_, "header declares " + std::to_string(header_.dataBytes()) +
                                " bytes of voxel data from offset " + std::to_string(header_.voxOffset) +
                                " but the gzip stream holds only " + std::to_string(produced) +
                                " bytes (truncated, or wrong dimensions)");
  }
  // Only the header bytes: the tail of the bounded prefix may be unwritten (see inflatePrefix).
  const std::size_t check = std::min({prefix_.size(), static_cast<std::size_t>(header_.voxOffset),
                                      NiftiHeader::kNifti2Size});
  if (std::memcmp(dst, prefix_.data(), check) != 0)
    throw InputError(path_, "gzip data decompressed inconsistently (corrupt file)");
  // The compressed bytes are no longer needed; free them before conversion allocates.
  std::vector<std::uint8_t>().swap(file_);
  return true;
}

std::optional<std::vector<float>> NiftiReader::readFloats(bool keepNonFinite) {
  const std::size_t n = header_.voxelCount();
  const std::size_t s = header_.bytesPerVoxel;
  const std::size_t base = dataBase();
  const auto run = [&](const auto& conv) -> std::optional<std::vector<float>> {
    if (s < sizeof(float)) {
      const std::size_t floats = std::max(n, (dataCapacity() + 3) / 4);
      std::vector<float> out = bigVector<float>(floats);
      auto* bytes = reinterpret_cast<std::uint8_t*>(out.data());
      if (!fill(bytes)) return std::nullopt;
      widenInPlace(bytes, base, n, s, conv);
      out.resize(n);
      return out;
    }
    if (s == sizeof(float)) {
      std::vector<float> out = bigVector<float>((dataCapacity() + 3) / 4);
      auto* bytes = reinterpret_cast<std::uint8_t*>(out.data());
      if (!fill(bytes)) return std::nullopt;
      convertSameWidth(bytes, base, n, conv);
      out.resize(n);
      return out;
    }
    // Eight-byte voxels: the raw buffer is twice the result, so convert out of it and drop it.
    std::unique_ptr<std::uint8_t[]> raw = bigArray<std::uint8_t>(dataCapacity());
    if (!fill(raw.get())) return std::nullopt;
    std::vector<float> out = bigVector<float>(n);
    narrow(raw.get() + base, s, out.data(), n, conv);
    return out;
  };
  const auto typed = [&](auto tag) -> std::optional<std::vector<float>> {
    using T = decltype(tag);
    const double a = header_.slope, b = header_.intercept;
    if (header_.byteSwapped)
      return header_.rescale ? run(ToFloat<T, true, true>{a, b, keepNonFinite})
                             : run(ToFloat<T, true, false>{a, b, keepNonFinite});
    return header_.rescale ? run(ToFloat<T, false, true>{a, b, keepNonFinite})
                           : run(ToFloat<T, false, false>{a, b, keepNonFinite});
  };
  switch (header_.datatype) {
    case NiftiHeader::kUInt8: return typed(std::uint8_t{});
    case NiftiHeader::kInt8: return typed(std::int8_t{});
    case NiftiHeader::kInt16: return typed(std::int16_t{});
    case NiftiHeader::kUInt16: return typed(std::uint16_t{});
    case NiftiHeader::kInt32: return typed(std::int32_t{});
    case NiftiHeader::kUInt32: return typed(std::uint32_t{});
    case NiftiHeader::kInt64: return typed(std::int64_t{});
    case NiftiHeader::kUInt64: return typed(std::uint64_t{});
    case NiftiHeader::kFloat32: return typed(float{});
    case NiftiHeader::kFloat64: return typed(double{});
    default: return std::nullopt;
  }
}

std::optional<std::vector<std::uint8_t>> NiftiReader::readBytes() {
  if (header_.bytesPerVoxel != 1 || header_.rescale) return std::nullopt;
  std::vector<std::uint8_t> out = bigVector<std::uint8_t>(dataCapacity());
  if (!fill(out.data())) return std::nullopt;
  const std::size_t n = header_.voxelCount();
  if (dataBase()) std::memmove(out.data(), out.data() + dataBase(), n);
  out.resize(n);
  return out;
}

template <class T>
std::optional<NiftiReader::Integers<T>> NiftiReader::readIntegers() {
  if (header_.bytesPerVoxel != sizeof(T) || header_.rescale || header_.isFloat()) return std::nullopt;
  const std::size_t n = header_.voxelCount();
  Integers<T> out;
  out.storage = bigArray<T>((dataCapacity() + sizeof(T) - 1) / sizeof(T));
  auto* bytes = reinterpret_cast<std::uint8_t*>(out.storage.get());
  if (!fill(bytes)) return std::nullopt;
  if (dataBase()) std::memmove(bytes, bytes + dataBase(), n * sizeof(T));
  out.data = out.storage.get();
  if (header_.byteSwapped) {
    T* data = out.storage.get();
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kGrain), [&](const auto& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i)
        data[i] = load<T>(reinterpret_cast<const std::uint8_t*>(data + i), true);
    });
  }
  return out;
}

template std::optional<NiftiReader::Integers<std::int16_t>> NiftiReader::readIntegers();
template std::optional<NiftiReader::Integers<std::uint16_t>> NiftiReader::readIntegers();
template std::optional<NiftiReader::Integers<std::int32_t>> NiftiReader::readIntegers();
template std::optional<NiftiReader::Integers<std::uint32_t>> NiftiReader::readIntegers();
template std::optional<NiftiReader::Integers<std::int64_t>> NiftiReader::readIntegers();
template std::optional<NiftiReader::Integers<std::uint64_t>> NiftiReader::readIntegers();

}  // namespace seglens
