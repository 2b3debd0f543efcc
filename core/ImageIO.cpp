#include "ImageIO.h"

#include <itkGDCMImageIO.h>
#include <itkGDCMImageIOFactory.h>
#include <itkIdentityTransform.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkImageIOFactory.h>
#include <itkImageSeriesReader.h>
#include <itkMetaImageIOFactory.h>
#include <itkNearestNeighborInterpolateImageFunction.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIOFactory.h>
#include <itkOutputWindow.h>
#include <itkResampleImageFilter.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <iomanip>
#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

#include "AtomicFile.h"
#include "DicomSeries.h"
#include "InputError.h"
#include "ItkBridge.h"
#include "MetaImageCheck.h"
#include "NiftiGzip.h"
#include "NiftiReader.h"

// niftilib (linked through ITK's NIfTI IO) prints "** ERROR ..." lines on stderr at its default
// debug level 1; its C header drags in znzlib, so only this one function is declared.
extern "C" void nifti_set_debug_level(int level);

namespace fs = std::filesystem;

namespace seglens {
namespace {

// ITK, MetaIO and niftilib messages would add lines of their own to our one-line errors; every
// problem they warn about that matters is detected and reported by us instead.
class SilentOutputWindow : public itk::OutputWindow {
 public:
  ITK_DISALLOW_COPY_AND_MOVE(SilentOutputWindow);
  using Self = SilentOutputWindow;
  using Superclass = itk::OutputWindow;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  void DisplayText(const char*) override {}

 protected:
  SilentOutputWindow() = default;
  ~SilentOutputWindow() override = default;
};

// Explicit registration instead of ITK_USE_FILE's generated manager: we link only these IO
// modules, and registration must not depend on which translation unit includes what.
void registerImageIO() {
  static std::once_flag once;
  std::call_once(once, [] {
    itk::NiftiImageIOFactory::RegisterOneFactory();
    itk::NrrdImageIOFactory::RegisterOneFactory();
    itk::MetaImageIOFactory::RegisterOneFactory();
    itk::GDCMImageIOFactory::RegisterOneFactory();
    itk::OutputWindow::SetInstance(SilentOutputWindow::New());
    itk::Object::GlobalWarningDisplayOff();
    nifti_set_debug_level(0);
  });
}

std::string oneLine(const std::string& text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string voxelText(const Geometry& g, std::size_t linear) {
  const std::size_t i = linear % g.size[0];
  const std::size_t j = (linear / g.size[0]) % g.size[1];
  const std::size_t k = linear / g.sliceSize();
  std::ostringstream os;
  os << "(" << i << ", " << j << ", " << k << ")";
  return os.str();
}

struct SeriesInfo {
  bool isDicomFolder = false;
  std::vector<std::string> files;
};

SeriesInfo checkPath(const std::string& path) {
  registerImageIO();
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (ec == std::errc::permission_denied) throw InputError(path, "permission denied");
  if (!exists) throw InputError(path, "file not found");
  // Before ITK, which reports an unreadable file as "not a readable image".
  if (::access(path.c_str(), R_OK) != 0 && (errno == EACCES || errno == EPERM))
    throw InputError(path, "permission denied");
  SeriesInfo info;
  if (fs::is_directory(path, ec)) {
    info.files = DicomSeries::select(path);
    info.isDicomFolder = true;
    return info;
  }
  if (!fs::is_regular_file(path, ec)) throw InputError(path, "not a regular file");
  if (fs::file_size(path, ec) == 0) throw InputError(path, "file is empty");
  return info;
}

// niftilib refuses some headers our own parser reads (4-D NIfTI-2, dimensions beyond its index
// range): say what is unsupported instead of "not a readable image".
void explainUnreadableNifti(const std::string& path) {
  std::string lowerPath = path;
  for (char& ch : lowerPath) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto ends = [&](const std::string& tail) {
    return lowerPath.size() >= tail.size() &&
           lowerPath.compare(lowerPath.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (!ends(".nii") && !ends(".nii.gz")) return;
  std::optional<NiftiReader> reader;
  try {
    reader.emplace(path, /*headerOnly=*/true);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception&) {
    return;
  }
  const NiftiHeader& h = reader->header();
  if (!h.unsupported.empty())
    throw InputError(path, "NIfTI header is valid but describes what SegLens cannot read: " +
                               h.unsupported + " (SegLens reads single 3-D volumes)");
  const std::string dims = std::to_string(h.geometry.size[0]) + "x" +
                           std::to_string(h.geometry.size[1]) + "x" +
                           std::to_string(h.geometry.size[2]);
  for (std::size_t n : h.geometry.size)
    if (n > 2147483647u)
      throw InputError(path, "NIfTI-2 dimensions " + dims +
                                 " exceed the 2^31-1 voxels per axis ITK's NIfTI reader supports");
  throw InputError(path, "NIfTI header (" + dims +
                             " voxels) refused by ITK's NIfTI reader (corrupt or inconsistent fields)");
}

// ITK multiplies the dimensions without overflow checks: refuse, before any allocation, a
// volume whose byte count overflows or exceeds this machine's memory.
void checkDeclaredSize(const std::string& path, const itk::ImageIOBase& io) {
  std::uint64_t bytes = std::max<std::uint64_t>(io.GetComponentSize(), sizeof(float));
  bool overflow = false;
  std::string shown;
  for (unsigned d = 0; d < io.GetNumberOfDimensions(); ++d) {
    overflow |= __builtin_mul_overflow(bytes, std::uint64_t(io.GetDimensions(d)), &bytes);
    shown += (d ? "x" : "") + std::to_string(io.GetDimensions(d));
  }
  const long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGESIZE);
  const std::uint64_t memory =
      pages > 0 && pageSize > 0 ? std::uint64_t(pages) * std::uint64_t(pageSize) : ~0ull;
  if (overflow || bytes > memory)
    throw InputError(path, "header declares " + shown + " voxels, more than this machine's memory "
                           "can hold (corrupt dimensions?)");
}

itk::ImageIOBase::Pointer headerOf(const std::string& path) {
  registerImageIO();
  if (MetaImageCheck::handles(path)) MetaImageCheck::check(path);
  auto io = itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::IOFileModeEnum::ReadMode);
  if (!io) {
    explainUnreadableNifti(path);
    throw InputError(path, "not a readable image (expected NIfTI .nii/.nii.gz, NRRD .nrrd/.nhdr, "
                           "MetaImage .mha/.mhd, or a DICOM folder)");
  }
  try {
    io->SetFileName(path);
    io->ReadImageInformation();
  } catch (const itk::ExceptionObject& e) {
    throw InputError(path, "cannot read header: " + oneLine(e.GetDescription()));
  }
  if (io->GetNumberOfComponents() != 1) {
    throw InputError(path, "has " + std::to_string(io->GetNumberOfComponents()) +
                               " components per voxel; SegLens reads single-component volumes");
  }
  const unsigned dims = io->GetNumberOfDimensions();
  if (dims < 2) throw InputError(path, "has " + std::to_string(dims) + " dimension(s); need 3");
  checkDeclaredSize(path, *io);
  for (unsigned d = 0; d < dims; ++d) {
    if (io->GetDimensions(d) == 0)
      throw InputError(path, "dimension " + std::to_string(d) + " has size 0");
    if (d >= 3 && io->GetDimensions(d) > 1)
      throw InputError(path, "is " + std::to_string(dims) + "-D with " +
                                 std::to_string(io->GetDimensions(d)) +
                                 " volumes; SegLens needs a single 3-D volume");
  }
  return io;
}

// ITK reads gzip with zlib's gzread, which accepts a stream cut in its trailer; check first.
void checkGzipForItk(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[2] = {0, 0};
  in.read(reinterpret_cast<char*>(magic), 2);
  if (in.gcount() == 2 && NiftiGzip::isGzip(magic, 2)) NiftiGzip::checkComplete(path);
}

template <class T>
typename itk::Image<T, 3>::Pointer readVolume(const std::string& path, const SeriesInfo& series,
                                              itk::ImageIOBase* io) {
  using ImageT = itk::Image<T, 3>;
  if (!series.isDicomFolder) checkGzipForItk(path);
  try {
    if (series.isDicomFolder) {
      auto reader = itk::ImageSeriesReader<ImageT>::New();
      reader->SetImageIO(itk::GDCMImageIO::New());
      reader->SetFileNames(series.files);
      reader->Update();
      return reader->GetOutput();
    }
    auto reader = itk::ImageFileReader<ImageT>::New();
    reader->SetFileName(path);
    reader->SetImageIO(io);
    reader->Update();
    return reader->GetOutput();
  } catch (const itk::ExceptionObject& e) {
    throw InputError(path, "cannot read voxel data (truncated or corrupt?): " +
                               oneLine(e.GetDescription()));
  } catch (const std::bad_alloc&) {
    throw InputError(path, "not enough memory for the volume its header declares");
  }
}

// Label-map rules shared by the ITK path and the fast NIfTI path (NiftiReader), so both give the
// same LabelImage and the same errors for the same voxels.

// One-byte labels are their own codes: adopt the buffer and count codes in parallel.
LabelImage labelsFromBytes(const std::string& path, const Geometry& g, LabelImage::Codes8 bytes,
                           bool isSigned) {
  using Counts = std::array<std::uint64_t, 256>;
  const Counts counts = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, bytes.size(), 1 << 18), Counts{},
      [&](const auto& r, Counts c) {
        // Label maps are mostly long runs: count a uniform 8-byte word at once.
        std::size_t i = r.begin();
        for (; i + 8 <= r.end(); i += 8) {
          std::uint64_t w;
          std::memcpy(&w, bytes.data() + i, 8);
          if (w == (w & 0xff) * 0x0101010101010101ull) {
            c[w & 0xff] += 8;
          } else {
            for (int k = 0; k < 8; ++k) ++c[(w >> (8 * k)) & 0xff];
          }
        }
        for (; i != r.end(); ++i) ++c[bytes[i]];
        return c;
      },
      [](Counts a, const Counts& b) {
        for (std::size_t v = 0; v < 256; ++v) a[v] += b[v];
        return a;
      });
  std::size_t maxValue = 255;
  while (maxValue > 0 && counts[maxValue] == 0) --maxValue;
  if (isSigned && maxValue >= 128) {
    const auto it = std::find_if(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b >= 128; });
    const auto at = static_cast<std::size_t>(it - bytes.begin());
    throw InputError(path, "negative label " + std::to_string(static_cast<std::int8_t>(*it)) +
                               " at voxel " + voxelText(g, at));
  }
  LabelImage img;
  img.geometry = g;
  img.labelValues.resize(maxValue + 1);
  for (std::size_t v = 0; v <= maxValue; ++v) img.labelValues[v] = static_cast<std::uint32_t>(v);
  img.codeVoxels.assign(counts.begin(), counts.begin() + maxValue + 1);
  img.codes = std::move(bytes);
  return img;
}

template <class T>
LabelImage labelsFromIntegers(const std::string& path, const Geometry& g, const T* data) {
  const std::size_t n = g.voxelCount();
  if constexpr (std::is_signed_v<T>) {
    for (std::size_t i = 0; i < n; ++i)
      if (data[i] < 0)
        throw InputError(path, "negative label " + std::to_string(static_cast<long long>(data[i])) +
                                   " at voxel " + voxelText(g, i));
  }
  using U = std::make_unsigned_t<T>;
  if constexpr (sizeof(T) > 4) {
    for (std::size_t i = 0; i < n; ++i)
      if (static_cast<U>(data[i]) > 0xFFFFFFFFull)
        throw InputError(path, "label above 2^32-1 at voxel " + voxelText(g, i));
  }
  try {
    return LabelImage::fromRaw<U>(g, reinterpret_cast<const U*>(data));
  } catch (const std::invalid_argument& e) {
    throw InputError(path, e.what());
  }
}

template <class T>
LabelImage labelsFromIntegers(const std::string& path, const SeriesInfo& series,
                              itk::ImageIOBase* io) {
  auto image = readVolume<T>(path, series, io);
  const Geometry g = geometryOf(image.GetPointer());
  const T* data = image->GetBufferPointer();
  if constexpr (sizeof(T) == 1) {
    return labelsFromBytes(path, g, LabelImage::Codes8(data, data + g.voxelCount()),
                           std::is_signed_v<T>);
  } else {
    return labelsFromIntegers(path, g, data);
  }
}

// Float voxels as a label map: a probability map (kept as the image's probabilities, no copy)
// or, with --float-labels, integer labels stored as float.
LabelImage labelsFromFloats(const std::string& path, const Geometry& g, std::vector<float> voxels,
                            const LabelLoadOptions& options) {
  const float* data = voxels.data();
  const std::size_t n = g.voxelCount();
  float lo = 0, hi = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(data[i]))
      throw InputError(path, std::string(std::isnan(data[i]) ? "NaN" : "infinite value") +
                                 " at voxel " + voxelText(g, i));
    lo = std::min(lo, data[i]);
    hi = std::max(hi, data[i]);
  }
  if (options.floatLabels) {
    std::vector<std::uint32_t> labels(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (data[i] < 0 || data[i] != std::floor(data[i]) || data[i] > 4294967295.0f) {
        std::ostringstream os;
        os << "non-integer or negative label " << data[i] << " at voxel " << voxelText(g, i)
           << " (read as --float-labels)";
        throw InputError(path, os.str());
      }
      labels[i] = static_cast<std::uint32_t>(data[i]);
    }
    return LabelImage::fromLabels(g, labels.data());
  }
  if (lo < 0) {
    std::ostringstream os;
    os << "float image with negative values (min " << lo
       << ") is neither a probability map nor a label map";
    throw InputError(path, os.str());
  }
  double scale = 1.0;
  if (hi > 1.0f) {
    std::ostringstream os;
    os << std::setprecision(9);  // 1.0000001 must not print as 1
    if (hi <= 255.0f && options.threshold) {
      scale = 1.0 / 255.0;  // a probability map stored as 0..255
    } else if (hi <= 255.0f) {
      os << "float image with values up to " << hi
         << " is ambiguous (a 0-255 probability map or labels stored as float): pass "
            "--threshold T to binarise value/255 >= T, or --float-labels to read integer labels";
      throw InputError(path, os.str());
    } else {
      os << "float image with values up to " << hi
         << " is not a probability map; pass --float-labels to read it as integer labels";
      throw InputError(path, os.str());
    }
  }
  auto probabilities = std::make_shared<std::vector<float>>(std::move(voxels));
  if (scale != 1.0)
    for (auto& p : *probabilities) p = static_cast<float>(p * scale);
  return LabelImage::fromProbabilities(g, std::move(probabilities), options.threshold.value_or(0.5),
                                       options.probabilityLabel);
}

LabelImage labelsFromFloats(const std::string& path, const SeriesInfo& series,
                            itk::ImageIOBase* io, const LabelLoadOptions& options) {
  auto image = readVolume<float>(path, series, io);
  const Geometry g = geometryOf(image.GetPointer());
  std::vector<float> voxels(image->GetBufferPointer(), image->GetBufferPointer() + g.voxelCount());
  image = nullptr;  // one copy of the volume is enough
  return labelsFromFloats(path, g, std::move(voxels), options);
}

// Scans: NaN/inf (e.g. masked-out background of FSL outputs) are shown as 0, which is what ITK's
// NIfTI reader delivers; doing the same for every format keeps the formats consistent. Label and
// probability maps are strict instead: a NaN there is an error naming the voxel.
void zeroNonFinite(ScalarImage& image) {
  for (float& v : image.voxels)
    if (!std::isfinite(v)) v = 0;
}

template <class T>
std::optional<LabelImage> fastIntegerLabels(const std::string& path, NiftiReader& reader) {
  auto raw = reader.readIntegers<T>();
  if (!raw) return std::nullopt;
  return labelsFromIntegers(path, reader.header().geometry, raw->data);
}

// The fast path for .nii/.nii.gz (NiftiReader); nullopt means "read it with ITK".
std::optional<LabelImage> fastLabels(const std::string& path, const LabelLoadOptions& options) {
  if (!NiftiReader::handles(path)) return std::nullopt;
  try {
    NiftiReader reader(path);
    if (!reader.supported()) return std::nullopt;
    const NiftiHeader& h = reader.header();
    if (h.rescale || h.isFloat()) {
      auto voxels = reader.readFloats(/*keepNonFinite=*/true);
      if (!voxels) return std::nullopt;
      return labelsFromFloats(path, h.geometry, std::move(*voxels), options);
    }
    switch (h.datatype) {
      case NiftiHeader::kUInt8:
      case NiftiHeader::kInt8: {
        auto bytes = reader.readBytes();
        if (!bytes) return std::nullopt;
        return labelsFromBytes(path, h.geometry, std::move(*bytes), h.datatype == NiftiHeader::kInt8);
      }
      case NiftiHeader::kInt16: return fastIntegerLabels<std::int16_t>(path, reader);
      case NiftiHeader::kUInt16: return fastIntegerLabels<std::uint16_t>(path, reader);
      case NiftiHeader::kInt32: return fastIntegerLabels<std::int32_t>(path, reader);
      case NiftiHeader::kUInt32: return fastIntegerLabels<std::uint32_t>(path, reader);
      case NiftiHeader::kInt64: return fastIntegerLabels<std::int64_t>(path, reader);
      case NiftiHeader::kUInt64: return fastIntegerLabels<std::uint64_t>(path, reader);
      default: return std::nullopt;
    }
  } catch (const std::bad_alloc&) {
    throw InputError(path, "not enough memory for the volume its header declares");
  }
}

std::optional<ScalarImage> fastScalars(const std::string& path) {
  if (!NiftiReader::handles(path)) return std::nullopt;
  try {
    NiftiReader reader(path);
    if (!reader.supported()) return std::nullopt;
    auto voxels = reader.readFloats();
    if (!voxels) return std::nullopt;
    return ScalarImage{reader.header().geometry, std::move(*voxels)};
  } catch (const std::bad_alloc&) {
    throw InputError(path, "not enough memory for the volume its header declares");
  }
}

void refuseOverwrite(const std::string& path, bool overwrite) {
  std::error_code ec;
  if (!overwrite && fs::exists(path, ec))
    throw InputError(path, "already exists; refusing to write over it");
}

// Through AtomicFile: a failed write never leaves a half-written file under the user's name,
// and a device or FIFO given as the output is written in place, not replaced.
template <class ImageT>
void writeItk(ImageT* image, const std::string& path) {
  registerImageIO();
  AtomicFile::writeWith(path, [&](const std::string& tmp) {
    try {
      auto writer = itk::ImageFileWriter<ImageT>::New();
      writer->SetFileName(tmp);
      writer->SetInput(image);
      writer->UseCompressionOn();
      writer->Update();
    } catch (const itk::ExceptionObject& e) {
      throw InputError(path, "cannot write: " + oneLine(e.GetDescription()));
    }
  });
}

}  // namespace

Geometry readGeometry(const std::string& path) {
  const SeriesInfo series = checkPath(path);
  if (series.isDicomFolder) return geometryOf(readVolume<float>(path, series, nullptr).GetPointer());
  if (NiftiReader::handles(path)) {
    NiftiReader reader(path, /*headerOnly=*/true);
    if (reader.supported()) return reader.header().geometry;
  }
  auto io = headerOf(path);
  Geometry g;
  for (unsigned a = 0; a < 3; ++a) {
    const bool has = a < io->GetNumberOfDimensions();
    g.size[a] = has ? io->GetDimensions(a) : 1;
    g.spacing[a] = has ? io->GetSpacing(a) : 1.0;
    g.origin[a] = has ? io->GetOrigin(a) : 0.0;
    for (unsigned r = 0; r < 3; ++r) {
      const auto dir = has ? io->GetDirection(a) : std::vector<double>{};
      g.direction[r * 3 + a] = r < dir.size() ? dir[r] : (r == a ? 1.0 : 0.0);
    }
  }
  return g;
}

LabelImage loadLabelImage(const std::string& path, const LabelLoadOptions& options,
                          Progress* progress) {
  const SeriesInfo series = checkPath(path);
  reportProgress(progress, 0.05);
  if (!series.isDicomFolder) {
    if (auto fast = fastLabels(path, options)) {
      reportProgress(progress, 1.0);
      return std::move(*fast);
    }
  }
  itk::ImageIOBase::Pointer io;
  itk::IOComponentEnum type = itk::IOComponentEnum::SHORT;
  if (!series.isDicomFolder) {
    io = headerOf(path);
    type = io->GetComponentType();
  }
  checkCancelled(progress);
  using C = itk::IOComponentEnum;
  LabelImage result;
  switch (type) {
    case C::UCHAR: result = labelsFromIntegers<std::uint8_t>(path, series, io); break;
    case C::CHAR: result = labelsFromIntegers<std::int8_t>(path, series, io); break;
    case C::USHORT: result = labelsFromIntegers<std::uint16_t>(path, series, io); break;
    case C::SHORT: result = labelsFromIntegers<std::int16_t>(path, series, io); break;
    case C::UINT: result = labelsFromIntegers<std::uint32_t>(path, series, io); break;
    case C::INT: result = labelsFromIntegers<std::int32_t>(path, series, io); break;
    case C::ULONG:
    case C::ULONGLONG: result = labelsFromIntegers<std::uint64_t>(path, series, io); break;
    case C::LONG:
    case C::LONGLONG: result = labelsFromIntegers<std::int64_t>(path, series, io); break;
    case C::FLOAT:
    case C::DOUBLE: result = labelsFromFloats(path, series, io, options); break;
    default: throw InputError(path, "unsupported voxel type for a label map");
  }
  reportProgress(progress, 1.0);
  return result;
}

ScalarImage loadScalarImage(const std::string& path, Progress* progress) {
  const SeriesInfo series = checkPath(path);
  if (!series.isDicomFolder) {
    if (auto fast = fastScalars(path)) {
      zeroNonFinite(*fast);
      reportProgress(progress, 1.0);
      return std::move(*fast);
    }
  }
  itk::ImageIOBase::Pointer io;
  if (!series.isDicomFolder) io = headerOf(path);
  reportProgress(progress, 0.05);
  checkCancelled(progress);
  auto image = readVolume<float>(path, series, io);
  ScalarImage out;
  out.geometry = geometryOf(image.GetPointer());
  const float* data = image->GetBufferPointer();
  out.voxels.assign(data, data + out.geometry.voxelCount());
  image = nullptr;
  zeroNonFinite(out);
  reportProgress(progress, 1.0);
  return out;
}

void saveLabelImage(const LabelImage& image, const std::string& path, bool overwrite) {
  refuseOverwrite(path, overwrite);
  const auto labels = image.labels();
  std::uint32_t maxLabel = 0;
  for (auto v : image.labelValues) maxLabel = std::max(maxLabel, v);
  if (maxLabel <= 255) {
    writeItk(makeItkImage<std::uint8_t>(image.geometry, labels.data()).GetPointer(), path);
  } else if (maxLabel <= 65535) {
    writeItk(makeItkImage<std::uint16_t>(image.geometry, labels.data()).GetPointer(), path);
  } else {
    writeItk(makeItkImage<std::uint32_t>(image.geometry, labels.data()).GetPointer(), path);
  }
}

void saveFloatImage(const Geometry& g, const std::vector<float>& voxels, const std::string& path,
                    bool overwrite) {
  refuseOverwrite(path, overwrite);
  writeItk(makeItkImage<float>(g, voxels.data()).GetPointer(), path);
}

void saveScalarImage(const ScalarImage& image, const std::string& path, bool overwrite) {
  saveFloatImage(image.geometry, image.voxels, path, overwrite);
}

LabelImage conformToGrid(LabelImage image, const Geometry& grid, const std::string& path,
                         bool resample, std::string* warning) {
  const auto mismatch = compareGeometry(grid, image.geometry);
  if (!mismatch) return image;
  if (!resample)
    throw InputError(path, "grid does not match the reference: " + mismatch->message() +
                               " (use --resample)");
  if (warning) *warning = resampleWarning(path, *mismatch);
  return resampleNearest(image, grid);
}

std::string resampleWarning(const std::string& path, const GeometryMismatch& mismatch) {
  return path + ": " + mismatch.message() + "; resampled onto the reference grid (nearest neighbour)";
}

LabelImage resampleNearest(const LabelImage& image, const Geometry& target) {
  using ImageT = itk::Image<std::uint16_t, 3>;
  // Resample the codes, not the labels: the label table carries over unchanged.
  ImageT::Pointer codes = std::visit(
      [&](const auto& c) { return makeItkImage<std::uint16_t>(image.geometry, c.data()); },
      image.codes);
  auto filter = itk::ResampleImageFilter<ImageT, ImageT>::New();
  filter->SetInput(codes);
  filter->SetInterpolator(itk::NearestNeighborInterpolateImageFunction<ImageT, double>::New());
  filter->SetTransform(itk::IdentityTransform<double, 3>::New());
  filter->SetDefaultPixelValue(0);
  auto reference = ImageT::New();
  applyGeometry(target, reference.GetPointer());
  filter->UseReferenceImageOn();
  filter->SetReferenceImage(reference);
  filter->Update();
  const std::uint16_t* out = filter->GetOutput()->GetBufferPointer();
  LabelImage result;
  result.geometry = target;
  result.labelValues = image.labelValues;
  const std::size_t n = target.voxelCount();
  if (image.labelValues.size() <= 256) {
    result.codes = LabelImage::Codes8(out, out + n);
  } else {
    result.codes = LabelImage::Codes16(out, out + n);
  }
  result.recount();
  if (image.probabilities) {
    // A resampled probability map would need its own interpolation; keep the hard labels only.
    result.probabilities = nullptr;
  }
  return result;
}

}  // namespace seglens
