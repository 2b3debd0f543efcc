#pragma once
// Hand-made NIfTI-1/NIfTI-2 files for the fast-path tests: headers written field by field in
// either byte order, voxel data of any datatype, plain, gzip or multi-member gzip.
#include <libdeflate.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace seglens::test {

struct NiftiSpec {
  int version = 1;
  bool bigEndian = false;
  std::array<std::int64_t, 8> dim{3, 6, 5, 4, 1, 1, 1, 1};
  int datatype = 2;
  std::array<double, 8> pixdim{1, 0.8, 1.1, 2.5, 0, 0, 0, 0};  // pixdim[0] is qfac
  double voxOffset = 352;
  double slope = 0, inter = 0;
  int units = 2;  // mm
  int intent = 0;
  int qformCode = 1, sformCode = 0;
  std::array<double, 3> quatern{0.1, -0.2, 0.3};
  std::array<double, 3> qoffset{-10.5, 20.25, 3.0};
  std::array<double, 12> srow{-0.8, 0, 0, 10.5, 0, -1.1, 0, -20.25, 0, 0, 2.5, 3.0};
  const char* magic = nullptr;  // default "n+1" / "n+2"
};

class ByteWriter {
 public:
  ByteWriter(std::vector<std::uint8_t>& out, bool bigEndian) : out_(out), big_(bigEndian) {}
  template <class T>
  void put(std::size_t offset, T value) {
    std::uint8_t b[sizeof(T)];
    std::memcpy(b, &value, sizeof(T));
    if (big_) std::reverse(b, b + sizeof(T));
    std::memcpy(out_.data() + offset, b, sizeof(T));
  }

 private:
  std::vector<std::uint8_t>& out_;
  bool big_;
};

inline int bytesPerVoxel(int datatype) {
  switch (datatype) {
    case 2: case 256: return 1;
    case 4: case 512: return 2;
    case 8: case 768: case 16: return 4;
    default: return 8;
  }
}

// Header plus a 4-byte empty extension block, padded to vox_offset.
inline std::vector<std::uint8_t> niftiHeader(const NiftiSpec& s) {
  const std::size_t size = s.version == 1 ? 348 : 540;
  std::vector<std::uint8_t> h(std::max<std::size_t>(size + 4, std::size_t(s.voxOffset)), 0);
  ByteWriter w(h, s.bigEndian);
  const int bitpix = 8 * bytesPerVoxel(s.datatype);
  if (s.version == 1) {
    w.put<std::int32_t>(0, 348);
    for (int i = 0; i < 8; ++i) w.put<std::int16_t>(40 + 2 * i, static_cast<std::int16_t>(s.dim[i]));
    w.put<std::int16_t>(68, static_cast<std::int16_t>(s.intent));
    w.put<std::int16_t>(70, static_cast<std::int16_t>(s.datatype));
    w.put<std::int16_t>(72, static_cast<std::int16_t>(bitpix));
    for (int i = 0; i < 8; ++i) w.put<float>(76 + 4 * i, static_cast<float>(s.pixdim[i]));
    w.put<float>(108, static_cast<float>(s.voxOffset));
    w.put<float>(112, static_cast<float>(s.slope));
    w.put<float>(116, static_cast<float>(s.inter));
    h[123] = static_cast<std::uint8_t>(s.units);
    w.put<std::int16_t>(252, static_cast<std::int16_t>(s.qformCode));
    w.put<std::int16_t>(254, static_cast<std::int16_t>(s.sformCode));
    for (int i = 0; i < 3; ++i) w.put<float>(256 + 4 * i, static_cast<float>(s.quatern[i]));
    for (int i = 0; i < 3; ++i) w.put<float>(268 + 4 * i, static_cast<float>(s.qoffset[i]));
    for (int i = 0; i < 12; ++i) w.put<float>(280 + 4 * i, static_cast<float>(s.srow[i]));
    std::memcpy(h.data() + 344, s.magic ? s.magic : "n+1", 4);
  } else {
    w.put<std::int32_t>(0, 540);
    std::memcpy(h.data() + 4, s.magic ? s.magic : "n+2\0\r\n\032\n", 8);
    w.put<std::int16_t>(12, static_cast<std::int16_t>(s.datatype));
    w.put<std::int16_t>(14, static_cast<std::int16_t>(bitpix));
    for (int i = 0; i < 8; ++i) w.put<std::int64_t>(16 + 8 * i, s.dim[i]);
    for (int i = 0; i < 8; ++i) w.put<double>(104 + 8 * i, s.pixdim[i]);
    w.put<std::int64_t>(168, static_cast<std::int64_t>(s.voxOffset));
    w.put<double>(176, s.slope);
    w.put<double>(184, s.inter);
    w.put<std::int32_t>(344, s.qformCode);
    w.put<std::int32_t>(348, s.sformCode);
    for (int i = 0; i < 3; ++i) w.put<double>(352 + 8 * i, s.quatern[i]);
    for (int i = 0; i < 3; ++i) w.put<double>(376 + 8 * i, s.qoffset[i]);
    for (int i = 0; i < 12; ++i) w.put<double>(400 + 8 * i, s.srow[i]);
    w.put<std::int32_t>(500, s.units);
    w.put<std::int32_t>(504, s.intent);
  }
  return h;
}

// Voxel values (given as doubles) encoded as the spec's datatype and byte order.
inline std::vector<std::uint8_t> niftiVoxels(const NiftiSpec& s, const std::vector<double>& values) {
  const int bpv = bytesPerVoxel(s.datatype);
  std::vector<std::uint8_t> out(values.size() * bpv);
  ByteWriter w(out, s.bigEndian);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    const std::size_t at = i * bpv;
    switch (s.datatype) {
      case 2: w.put<std::uint8_t>(at, static_cast<std::uint8_t>(v)); break;
      case 256: w.put<std::int8_t>(at, static_cast<std::int8_t>(v)); break;
      case 4: w.put<std::int16_t>(at, static_cast<std::int16_t>(v)); break;
      case 512: w.put<std::uint16_t>(at, static_cast<std::uint16_t>(v)); break;
      case 8: w.put<std::int32_t>(at, static_cast<std::int32_t>(v)); break;
      case 768: w.put<std::uint32_t>(at, static_cast<std::uint32_t>(v)); break;
      case 1024: w.put<std::int64_t>(at, static_cast<std::int64_t>(v)); break;
      case 1280: w.put<std::uint64_t>(at, static_cast<std::uint64_t>(v)); break;
      case 16: w.put<float>(at, static_cast<float>(v)); break;
      default: w.put<double>(at, v); break;
    }
  }
  return out;
}

// gzip of `data` split into `members` concatenated gzip members.
inline std::vector<std::uint8_t> gzipBytes(const std::vector<std::uint8_t>& data, int members = 1,
                                           int level = 6) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  std::vector<std::uint8_t> out;
  const std::size_t step = (data.size() + members - 1) / std::max(members, 1);
  for (std::size_t start = 0; start < data.size() || (start == 0 && data.empty());) {
    const std::size_t n = std::min(step ? step : 1, data.size() - start);
    std::vector<std::uint8_t> buf(libdeflate_gzip_compress_bound(c, n));
    buf.resize(libdeflate_gzip_compress(c, data.data() + start, n, buf.data(), buf.size()));
    out.insert(out.end(), buf.begin(), buf.end());
    start += n;
    if (n == 0) break;
  }
  libdeflate_free_compressor(c);
  return out;
}

inline void writeBytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A complete file: .nii.gz names are gzipped (in `members` members), others written plain.
inline void writeNifti(const std::string& path, const NiftiSpec& s, const std::vector<double>& values,
                       int members = 1) {
  auto bytes = niftiHeader(s);
  const auto voxels = niftiVoxels(s, values);
  bytes.insert(bytes.end(), voxels.begin(), voxels.end());
  const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  writeBytes(path, gz ? gzipBytes(bytes, members) : bytes);
}

}  // namespace seglens::test
