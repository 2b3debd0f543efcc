// Hostile and damaged inputs found by the bad-input battery (issue 11): each must end in one
// InputError naming the file and the problem, without leaking descriptors or accepting the file.
#include <gtest/gtest.h>
#include <itkGDCMImageIO.h>
#include <itkImageFileWriter.h>
#include <itkMetaDataObject.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

#include "Geometry.h"
#include "ImageIO.h"
#include "InputError.h"
#include "NiftiReader.h"
#include "NiftiTestFiles.h"
#include "TestVolumes.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

class InputRobustnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seglens-robust-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    NiftiReader::setEnabled(true);
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(dir_);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  static std::string expectInputError(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const InputError& e) {
      return e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not an InputError: " << e.what();
      return e.what();
    }
    ADD_FAILURE() << "no InputError thrown";
    return "";
  }
  static std::size_t openDescriptors() {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator("/proc/self/fd")) {
      (void)e;
      ++n;
    }
    return n;
  }
  void writeText(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
  }

  fs::path dir_;
};

// One 8x8 slice per file at z = positions[i], all in series `series` of one study.
void writeDicomSeries(const fs::path& folder, const std::string& series,
                      const std::vector<double>& positions) {
  fs::create_directories(folder);
  using ImageT = itk::Image<std::int16_t, 3>;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    auto image = ImageT::New();
    ImageT::RegionType region;
    region.SetSize({8, 8, 1});
    image->SetRegions(region);
    image->Allocate();
    image->FillBuffer(static_cast<std::int16_t>(100 + i));
    const double spacing[3] = {0.5, 0.5, 2.0};
    image->SetSpacing(spacing);
    const double origin[3] = {-2.0, -2.0, positions[i]};
    image->SetOrigin(origin);
    auto io = itk::GDCMImageIO::New();
    io->KeepOriginalUIDOn();
    // The writer hands the image's dictionary to the IO.
    itk::MetaDataDictionary dict;
    const std::string root = "1.2.826.0.1.3680043.2.1125.77";
    itk::EncapsulateMetaData<std::string>(dict, "0020|000d", root + ".1");
    itk::EncapsulateMetaData<std::string>(dict, "0020|000e", root + ".2." + series);
    itk::EncapsulateMetaData<std::string>(dict, "0008|0018", root + ".3." + series + "." + std::to_string(i + 1));
    itk::EncapsulateMetaData<std::string>(dict, "0020|0013", std::to_string(i + 1));
    itk::EncapsulateMetaData<std::string>(dict, "0008|0060", "MR");
    image->SetMetaDataDictionary(dict);
    auto writer = itk::ImageFileWriter<ImageT>::New();
    writer->SetImageIO(io);
    writer->SetInput(image);
    writer->SetFileName((folder / ("s" + series + "_" + std::to_string(i) + ".dcm")).string());
    writer->Update();
  }
}

std::vector<std::uint8_t> readBytes(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(InputRobustnessTest, ThousandCorruptFilesLeakNoDescriptor) {
  // Files the fast NIfTI path rejects in NiftiReader's constructor (bad header, short data).
  test::NiftiSpec badDim;
  badDim.dim[0] = 9;
  auto header = test::niftiHeader(badDim);
  header.insert(header.end(), 64, 0);
  test::writeBytes(path("dim0.nii"), header);
  test::writeBytes(path("dim0.nii.gz"), test::gzipBytes(header));
  test::NiftiSpec big;
  big.dim = {3, 300, 300, 300, 1, 1, 1, 1};
  auto bigHeader = test::niftiHeader(big);
  bigHeader.insert(bigHeader.end(), 64, 0);
  test::writeBytes(path("short.nii"), bigHeader);
  const std::vector<std::string> files = {path("dim0.nii"), path("dim0.nii.gz"),
                                          path("short.nii")};
  // Warm-up: ITK and TBB open what they keep open (factories, worker threads) on first use.
  for (const auto& f : files) expectInputError([&] { loadLabelImage(f); });
  const std::size_t before = openDescriptors();
  int rejected = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::string& f = files[std::size_t(i) % files.size()];
    try {
      if (i % 3 == 2) {
        loadScalarImage(f);
      } else {
        loadLabelImage(f);
      }
    } catch (const InputError&) {
      ++rejected;
    }
  }
  EXPECT_EQ(rejected, 1000);
  EXPECT_EQ(openDescriptors(), before);
}

TEST_F(InputRobustnessTest, GzipCutInItsTrailerIsRejected) {
  const Geometry g = test::grid(20, 16, 12);
  const auto labels = test::randomBlobs(g, 3, 4, 7);
  saveLabelImage(LabelImage::fromLabels(g, labels.data()), path("whole.nii.gz"));
  const auto whole = readBytes(path("whole.nii.gz"));
  for (std::size_t cut : {1, 4, 8}) {
    SCOPED_TRACE(cut);
    const std::string name = "cut" + std::to_string(cut) + ".nii.gz";
    test::writeBytes(path(name), {whole.begin(), whole.end() - long(cut)});
    for (bool fast : {true, false}) {
      SCOPED_TRACE(fast ? "fast path" : "ITK path");
      NiftiReader::setEnabled(fast);
      for (const auto& load : std::vector<std::function<void()>>{
               [&] { loadLabelImage(path(name)); }, [&] { loadScalarImage(path(name)); }}) {
        const std::string msg = expectInputError(load);
        EXPECT_NE(msg.find(name), std::string::npos) << msg;
        EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
      }
    }
  }
  NiftiReader::setEnabled(true);
  // The complete file still loads, through both paths.
  EXPECT_EQ(loadLabelImage(path("whole.nii.gz")).labels(), labels);
  NiftiReader::setEnabled(false);
  EXPECT_EQ(loadLabelImage(path("whole.nii.gz")).labels(), labels);
}

TEST_F(InputRobustnessTest, TruncatedDownloadSaysTruncated) {
  const Geometry g = test::grid(40, 30, 20);
  std::vector<float> values(g.voxelCount());
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = float((i * 7919) % 1000);
  saveFloatImage(g, values, path("scan.nii.gz"));
  const auto whole = readBytes(path("scan.nii.gz"));
  test::writeBytes(path("half.nii.gz"), {whole.begin(), whole.begin() + long(whole.size() / 2)});
  for (bool fast : {true, false}) {
    NiftiReader::setEnabled(fast);
    const std::string msg = expectInputError([&] { loadScalarImage(path("half.nii.gz")); });
    EXPECT_NE(msg.find("half.nii.gz"), std::string::npos) << msg;
    EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
    EXPECT_NE(msg.find(std::to_string(whole.size() / 2)), std::string::npos) << msg;
  }
}

TEST_F(InputRobustnessTest, MetaImageDeclaringMoreVoxelsThanItHoldsIsRejected) {
  // 2^31 per axis: the voxel count wraps to 0 in 64 bits.
  writeText("huge.mha",
            "ObjectType = Image\nNDims = 3\nDimSize = 2147483648 2147483648 2147483648\n"
            "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n" + std::string(1024, '\1'));
  for (const auto& load : std::vector<std::function<void()>>{
           [&] { loadLabelImage(path("huge.mha")); }, [&] { loadScalarImage(path("huge.mha")); }}) {
    const std::string msg = expectInputError(load);
    EXPECT_NE(msg.find("huge.mha"), std::string::npos) << msg;
    EXPECT_NE(msg.find("2147483648"), std::string::npos) << msg;
  }
  EXPECT_NE(expectInputError([&] { readGeometry(path("huge.mha")); }).find("huge.mha"),
            std::string::npos);
}

TEST_F(InputRobustnessTest, TruncatedMetaImageIsRejected) {
  writeText("short.mha", "ObjectType = Image\nNDims = 3\nDimSize = 10 10 10\n"
                         "ElementType = MET_SHORT\nElementDataFile = LOCAL\n" +
                             std::string(1500, '\0'));
  const std::string msg = expectInputError([&] { loadLabelImage(path("short.mha")); });
  EXPECT_NE(msg.find("short.mha"), std::string::npos) << msg;
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  EXPECT_NE(msg.find("2000"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1500"), std::string::npos) << msg;

  writeText("short.mhd", "ObjectType = Image\nNDims = 3\nDimSize = 4 4 4\n"
                         "ElementType = MET_UCHAR\nElementDataFile = short.raw\n");
  writeText("short.raw", std::string(63, '\2'));
  const std::string raw = expectInputError([&] { loadScalarImage(path("short.mhd")); });
  EXPECT_NE(raw.find("short.raw"), std::string::npos) << raw;
  EXPECT_NE(raw.find("truncated"), std::string::npos) << raw;
  writeText("short.raw", std::string(64, '\2'));
  EXPECT_EQ(loadScalarImage(path("short.mhd")).voxels, std::vector<float>(64, 2.0f));
}

TEST_F(InputRobustnessTest, MetaImageWithoutItsRawNamesTheRaw) {
  writeText("lone.mhd", "ObjectType = Image\nNDims = 3\nDimSize = 4 4 4\n"
                        "ElementType = MET_UCHAR\nElementDataFile = lone_data.raw\n");
  const std::string msg = expectInputError([&] { loadLabelImage(path("lone.mhd")); });
  EXPECT_NE(msg.find("lone_data.raw"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not found"), std::string::npos) << msg;
}

TEST_F(InputRobustnessTest, PermissionDeniedSaysSo) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  const Geometry g = test::grid(4, 4, 4);
  const std::vector<std::uint32_t> labels(64, 1);
  for (const char* name : {"locked.nii.gz", "locked.nrrd"}) {
    saveLabelImage(LabelImage::fromLabels(g, labels.data()), path(name));
    fs::permissions(path(name), fs::perms::none);
    const std::string msg = expectInputError([&] { loadLabelImage(path(name)); });
    EXPECT_NE(msg.find(name), std::string::npos) << msg;
    EXPECT_NE(msg.find("permission denied"), std::string::npos) << msg;
  }
}

TEST_F(InputRobustnessTest, UnsupportedNiftiSaysWhatIsUnsupported) {
  test::NiftiSpec four;
  four.dim = {4, 3, 3, 3, 5, 1, 1, 1};
  test::writeNifti(path("four.nii"), four, std::vector<double>(135, 1.0));
  const std::string msg = expectInputError([&] { loadLabelImage(path("four.nii")); });
  EXPECT_NE(msg.find("four.nii"), std::string::npos) << msg;
  EXPECT_NE(msg.find("5 volumes"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("not a readable image"), std::string::npos) << msg;

  test::NiftiSpec four2 = four;
  four2.version = 2;
  four2.voxOffset = 544;
  test::writeNifti(path("four2.nii"), four2, std::vector<double>(135, 1.0));
  const std::string msg2 = expectInputError([&] { loadLabelImage(path("four2.nii")); });
  EXPECT_NE(msg2.find("volume"), std::string::npos) << msg2;
  EXPECT_EQ(msg2.find("not a readable image"), std::string::npos) << msg2;

  // NIfTI-2 with a dimension beyond what ITK's niftilib indexes.
  test::NiftiSpec wide;
  wide.version = 2;
  wide.voxOffset = 544;
  wide.dim = {3, 3000000000LL, 1, 1, 1, 1, 1, 1};
  auto header = test::niftiHeader(wide);
  header.insert(header.end(), 64, 0);
  test::writeBytes(path("wide.nii"), header);
  const std::string msg3 = expectInputError([&] { loadLabelImage(path("wide.nii")); });
  EXPECT_NE(msg3.find("wide.nii"), std::string::npos) << msg3;
  EXPECT_EQ(msg3.find("not a readable image"), std::string::npos) << msg3;
}

TEST_F(InputRobustnessTest, ProbabilityJustAboveOneGivesTheValue) {
  const Geometry g = test::grid(4, 1, 1);
  saveFloatImage(g, {0.1f, 0.5f, 1.0000001f, 1.0f}, path("p.nii.gz"));
  const std::string msg = expectInputError([&] { loadLabelImage(path("p.nii.gz")); });
  EXPECT_NE(msg.find("1.0000001"), std::string::npos) << msg;
}

TEST_F(InputRobustnessTest, OriginsDifferingAtTenMicronsArePrintedDifferently) {
  Geometry a = test::grid(4, 4, 4);
  Geometry b = a;
  a.origin = {100.0, 20.0, 30.0};
  b.origin = {100.00015, 20.0, 30.0};
  const auto mismatch = compareGeometry(a, b);  // default tolerance 1e-4
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_NE(mismatch->reference, mismatch->other) << mismatch->message();
  EXPECT_NE(mismatch->other.find("100.00015"), std::string::npos) << mismatch->message();
}

TEST_F(InputRobustnessTest, DicomSeriesWithAMissingSliceIsRefused) {
  writeDicomSeries(dir_ / "whole", "1", {0, 2, 4, 6, 8});
  const ScalarImage whole = loadScalarImage(path("whole"));
  EXPECT_EQ(whole.geometry.size[2], 5u);
  EXPECT_NEAR(whole.geometry.spacing[2], 2.0, 1e-6);
  writeDicomSeries(dir_ / "gap", "1", {0, 2, 6, 8, 10});
  const std::string msg = expectInputError([&] { loadScalarImage(path("gap")); });
  EXPECT_NE(msg.find("gap"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not evenly spaced"), std::string::npos) << msg;
  EXPECT_NE(msg.find("between 2 and 6 mm"), std::string::npos) << msg;
}

TEST_F(InputRobustnessTest, TwoDicomSeriesOfEqualSizeAreListed) {
  writeDicomSeries(dir_ / "two", "1", {0, 2, 4});
  writeDicomSeries(dir_ / "two", "2", {0, 2, 4});
  const std::string msg = expectInputError([&] { loadScalarImage(path("two")); });
  EXPECT_NE(msg.find("several DICOM series"), std::string::npos) << msg;
  EXPECT_NE(msg.find(".2.1"), std::string::npos) << msg;
  EXPECT_NE(msg.find(".2.2"), std::string::npos) << msg;
  // A larger series next to a smaller one is still taken.
  writeDicomSeries(dir_ / "two", "3", {0, 2, 4, 6});
  EXPECT_EQ(loadScalarImage(path("two")).geometry.size[2], 4u);
}

}  // namespace
}  // namespace seglens
