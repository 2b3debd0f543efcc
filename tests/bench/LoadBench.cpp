// Loading benchmark: a 512x512x300 uint8 label map and a 512x512x300 int16 CT-like scan, both
// .nii.gz written by ITK, read by SegLens (fast NIfTI path) and by itk::ImageFileReader with
// NiftiImageIO. Equality of the two results is checked in tests/core/NiftiReaderTest.cpp.
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkNiftiImageIO.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <memory>
#include <vector>

#include "BenchHarness.h"
#include "ImageIO.h"
#include "InputError.h"
#include "ItkBridge.h"

namespace fs = std::filesystem;

namespace seglens::bench {
namespace {

Geometry loadGrid() {
  Geometry g;
  g.size = {512, 512, 300};
  g.spacing = {0.8, 0.8, 2.5};
  g.origin = {-204.4, -204.4, -1100.5};
  return g;
}

// Six ellipsoid "organs" inside an ellipse "body": the label map and a CT with noise.
template <class T>
std::vector<T> phantom(const Geometry& g, bool ct) {
  std::vector<T> v(g.voxelCount());
  std::uint32_t noise = 12345;
  const double organs[6][6] = {{150, 200, 400, 90, 70, 80}, {290, 230, 420, 45, 35, 55},
                               {280, 265, 320, 30, 26, 55}, {130, 265, 310, 30, 26, 55},
                               {205, 245, 380, 13, 13, 220}, {215, 205, 395, 60, 15, 22}};
  for (std::size_t k = 0; k < g.size[2]; ++k)
    for (std::size_t j = 0; j < g.size[1]; ++j)
      for (std::size_t i = 0; i < g.size[0]; ++i) {
        const double x = i * g.spacing[0], y = j * g.spacing[1], z = k * g.spacing[2];
        int label = 0;
        for (int o = 0; o < 6; ++o) {
          const double* e = organs[o];
          const double dx = (x - e[0]) / e[3], dy = (y - e[1]) / e[4], dz = (z - e[2]) / e[5];
          if (dx * dx + dy * dy + dz * dz <= 1) label = o + 1;
        }
        const double bx = (x - 205) / 180, by = (y - 215) / 130;
        const bool body = bx * bx + by * by <= 1;
        double value = label;
        if (ct) {
          noise = noise * 1664525u + 1013904223u;
          const double n = double(noise >> 24) - 128;
          value = !body ? -1000 + n * 0.05 : 40 + 15 * label + n * 0.2;
        }
        v[g.linearIndex(i, j, k)] = static_cast<T>(value);
      }
  return v;
}

template <class T>
void writeWithItk(const Geometry& g, const std::vector<T>& v, const std::string& path) {
  auto writer = itk::ImageFileWriter<itk::Image<T, 3>>::New();
  writer->SetImageIO(itk::NiftiImageIO::New());
  writer->SetInput(makeItkImage<T>(g, v.data()));
  writer->SetFileName(path);
  writer->UseCompressionOn();
  writer->Update();
}

template <class T>
void itkRead(const std::string& path) {
  auto reader = itk::ImageFileReader<itk::Image<T, 3>>::New();
  reader->SetImageIO(itk::NiftiImageIO::New());
  reader->SetFileName(path);
  reader->Update();
  keep(reader->GetOutput()->GetBufferPointer());
}

std::vector<Case> loadCases() {
  auto dir = std::make_shared<fs::path>(fs::temp_directory_path() /
                                        ("seglens-loadbench-" + std::to_string(::getpid())));
  const std::string labels = (*dir / "labels.nii.gz").string();
  const std::string scan = (*dir / "scan.nii.gz").string();
  std::vector<Case> cases;
  Case l;
  l.name = "load label map 512x512x300 u8 .nii.gz";
  l.target = ">= 10x ITK";
  l.setup = [=] {
    fs::create_directories(*dir);
    writeWithItk(loadGrid(), phantom<std::uint8_t>(loadGrid(), false), labels);
  };
  l.ours = [=] {
    const LabelImage img = loadLabelImage(labels);
    keep(&img);
  };
  l.baselineName = "itk::ImageFileReader<uchar> NiftiImageIO";
  l.baseline = [=] { itkRead<std::uint8_t>(labels); };
  l.teardown = [=] { fs::remove(labels); };
  cases.push_back(l);

  Case s;
  s.name = "load scan 512x512x300 i16 .nii.gz";
  s.target = ">= 4x ITK";
  s.setup = [=] {
    fs::create_directories(*dir);
    writeWithItk(loadGrid(), phantom<std::int16_t>(loadGrid(), true), scan);
  };
  s.ours = [=] {
    const ScalarImage img = loadScalarImage(scan);
    keep(img.voxels.data());
  };
  s.baselineName = "itk::ImageFileReader<float> NiftiImageIO";
  s.baseline = [=] { itkRead<float>(scan); };
  s.teardown = [=] { fs::remove(scan); };
  cases.push_back(s);

  // Moved here from NiftiReaderTest, which asserted "< 2 s": a duration is measured, not tested.
  // A header declaring a huge volume must be refused before anything that size is allocated.
  const std::string huge = (*dir / "huge.nii").string();
  Case r;
  r.name = "reject .nii declaring 30000^3 float64 (64 B data)";
  r.target = "well under 2 s";
  r.setup = [=] {
    fs::create_directories(*dir);
    // A NIfTI-1 header written field by field, followed by 64 bytes of "data".
    std::vector<std::uint8_t> header(352 + 64, 0);
    const auto put16 = [&](std::size_t at, std::int16_t v) { std::memcpy(&header[at], &v, 2); };
    const std::int32_t sizeofHdr = 348;
    std::memcpy(&header[0], &sizeofHdr, 4);
    put16(40, 3);
    put16(42, 30000);
    put16(44, 30000);
    put16(46, 30000);
    put16(70, 64);
    put16(72, 64);
    const float one = 1, offset = 352;
    for (std::size_t at : {80u, 84u, 88u}) std::memcpy(&header[at], &one, 4);
    std::memcpy(&header[108], &offset, 4);
    std::memcpy(&header[344], "n+1\0", 4);
    std::ofstream(huge, std::ios::binary)
        .write(reinterpret_cast<const char*>(header.data()), std::streamsize(header.size()));
  };
  r.ours = [=] {
    try {
      loadLabelImage(huge);
    } catch (const InputError&) {
    }
  };
  r.teardown = [=] { fs::remove_all(*dir); };
  cases.push_back(r);
  return cases;
}

SEGLENS_BENCH_TASK("load", loadCases);

}  // namespace
}  // namespace seglens::bench
