// Reading, writing and resampling through ITK, and every kind of bad input.
#include "ImageIO.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "Evaluation.h"
#include "InputError.h"
#include "TestVolumes.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

class ImageIOTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seglens-io-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  static Geometry obliqueGrid() {
    Geometry g = test::grid(12, 10, 7, {0.8, 1.1, 2.5});
    g.origin = {-10.5, 20.25, 3.0};
    // A rotation about z by 30 degrees.
    const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
    g.direction = {c, -s, 0, s, c, 0, 0, 0, 1};
    return g;
  }

  std::string expectInputError(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const InputError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no InputError thrown";
    return "";
  }

  fs::path dir_;
};

TEST_F(ImageIOTest, LabelRoundTripKeepsGeometryAndValuesInEveryFormat) {
  const Geometry g = obliqueGrid();
  auto v = test::randomBlobs(g, 4, 8, 11);
  v[5] = 3000;  // forces uint16 on disk and remapped codes in memory
  const LabelImage img = LabelImage::fromLabels(g, v.data());
  for (const char* name : {"a.nii.gz", "a.nii", "a.nrrd", "a.mha", "a.seg.nrrd"}) {
    SCOPED_TRACE(name);
    saveLabelImage(img, path(name));
    const LabelImage back = loadLabelImage(path(name));
    EXPECT_FALSE(compareGeometry(g, back.geometry, 1e-5).has_value())
        << compareGeometry(g, back.geometry, 1e-5)->message();
    EXPECT_EQ(back.labels(), v);
  }
}

TEST_F(ImageIOTest, WritersRefuseToOverwrite) {
  const Geometry g = test::grid(3, 3, 3);
  const LabelImage img = LabelImage::fromLabels(g, std::vector<std::uint32_t>(27, 1).data());
  saveLabelImage(img, path("x.nii.gz"));
  const auto before = fs::file_size(path("x.nii.gz"));
  const auto msg = expectInputError([&] { saveLabelImage(img, path("x.nii.gz")); });
  EXPECT_NE(msg.find("refusing to write over"), std::string::npos) << msg;
  EXPECT_EQ(fs::file_size(path("x.nii.gz")), before);
}

TEST_F(ImageIOTest, MissingFileIsNamed) {
  const auto msg = expectInputError([&] { loadLabelImage(path("nope.nii.gz")); });
  EXPECT_NE(msg.find("nope.nii.gz"), std::string::npos);
  EXPECT_NE(msg.find("not found"), std::string::npos);
}

TEST_F(ImageIOTest, EmptyFileIsRejected) {
  std::ofstream(path("empty.nii")).close();
  const auto msg = expectInputError([&] { loadLabelImage(path("empty.nii")); });
  EXPECT_NE(msg.find("empty"), std::string::npos) << msg;
}

TEST_F(ImageIOTest, RandomBytesWithNiftiExtensionAreRejected) {
  std::mt19937 rng(5);
  std::ofstream out(path("random.nii"), std::ios::binary);
  for (int i = 0; i < 5000; ++i) out.put(static_cast<char>(rng()));
  out.close();
  const auto msg = expectInputError([&] { loadLabelImage(path("random.nii")); });
  EXPECT_NE(msg.find("random.nii"), std::string::npos) << msg;
}

TEST_F(ImageIOTest, TruncatedGzipIsRejected) {
  const Geometry g = test::grid(40, 40, 40);
  const auto v = test::randomBlobs(g, 3, 10, 2);
  saveLabelImage(LabelImage::fromLabels(g, v.data()), path("full.nii.gz"));
  const auto size = fs::file_size(path("full.nii.gz"));
  fs::copy_file(path("full.nii.gz"), path("cut.nii.gz"));
  fs::resize_file(path("cut.nii.gz"), size / 2);
  const auto msg = expectInputError([&] { loadLabelImage(path("cut.nii.gz")); });
  EXPECT_NE(msg.find("cut.nii.gz"), std::string::npos) << msg;
  const auto scanMsg = expectInputError([&] { loadScalarImage(path("cut.nii.gz")); });
  EXPECT_NE(scanMsg.find("cut.nii.gz"), std::string::npos) << scanMsg;
}

TEST_F(ImageIOTest, ZeroSizeDimensionIsRejected) {
  // A MetaImage header is plain text, so a zero dimension is easy to write.
  std::ofstream(path("zero.mhd")) << "ObjectType = Image\nNDims = 3\nDimSize = 4 0 3\n"
                                     "ElementType = MET_UCHAR\nElementDataFile = zero.raw\n";
  std::ofstream(path("zero.raw")) << "x";
  const auto msg = expectInputError([&] { loadLabelImage(path("zero.mhd")); });
  EXPECT_NE(msg.find("zero.mhd"), std::string::npos) << msg;
}

TEST_F(ImageIOTest, FloatLabelsNeedAnExplicitChoice) {
  const Geometry g = test::grid(4, 1, 1);
  saveFloatImage(g, {0, 1, 2, 3}, path("f.nii.gz"));
  const auto msg = expectInputError([&] { loadLabelImage(path("f.nii.gz")); });
  EXPECT_NE(msg.find("--float-labels"), std::string::npos) << msg;
  LabelLoadOptions asLabels;
  asLabels.floatLabels = true;
  EXPECT_EQ(loadLabelImage(path("f.nii.gz"), asLabels).labels(),
            (std::vector<std::uint32_t>{0, 1, 2, 3}));
  saveFloatImage(g, {0, 1.5f, 2, 3}, path("half.nii.gz"));
  const auto half = expectInputError([&] { loadLabelImage(path("half.nii.gz"), asLabels); });
  EXPECT_NE(half.find("non-integer"), std::string::npos) << half;
}

TEST_F(ImageIOTest, ProbabilityMapsAreBinarised) {
  const Geometry g = test::grid(4, 1, 1);
  saveFloatImage(g, {0.1f, 0.5f, 0.7f, 1.0f}, path("p.nii.gz"));
  const auto img = loadLabelImage(path("p.nii.gz"));
  EXPECT_TRUE(img.isProbabilityMap());
  EXPECT_EQ(img.labels(), (std::vector<std::uint32_t>{0, 1, 1, 1}));
  saveFloatImage(g, {10, 128, 200, 255}, path("p255.nii.gz"));
  LabelLoadOptions opt;
  opt.threshold = 0.6;
  EXPECT_EQ(loadLabelImage(path("p255.nii.gz"), opt).labels(),
            (std::vector<std::uint32_t>{0, 0, 1, 1}));
}

TEST_F(ImageIOTest, NaNIsRejectedWithItsVoxel) {
  // Written by hand: ITK's NIfTI writer turns NaN into 0, MetaImage raw data keeps it.
  std::ofstream(path("nan.mhd")) << "ObjectType = Image\nNDims = 3\nDimSize = 3 1 1\n"
                                    "ElementType = MET_FLOAT\nElementDataFile = nan.raw\n";
  const float data[3] = {0.1f, std::nanf(""), 0.2f};
  std::ofstream(path("nan.raw"), std::ios::binary).write(reinterpret_cast<const char*>(data), 12);
  const auto msg = expectInputError([&] { loadLabelImage(path("nan.mhd")); });
  EXPECT_NE(msg.find("NaN at voxel (1, 0, 0)"), std::string::npos) << msg;
  // Scans show NaN as 0, the same in every format (ITK's NIfTI reader does this already).
  EXPECT_EQ(loadScalarImage(path("nan.mhd")).voxels, (std::vector<float>{0.1f, 0.0f, 0.2f}));
}

TEST_F(ImageIOTest, MismatchedGeometryNamesTheAttribute) {
  const Geometry g = obliqueGrid();
  const auto v = test::randomBlobs(g, 2, 4, 9);
  const LabelImage ref = LabelImage::fromLabels(g, v.data());
  EvalOptions opt;
  opt.conventions.distances = false;
  struct Case {
    const char* attribute;
    std::function<void(Geometry&)> change;
  };
  const Case cases[] = {{"spacing", [](Geometry& x) { x.spacing[1] = 1.3; }},
                        {"origin", [](Geometry& x) { x.origin[2] += 4; }},
                        {"direction", [](Geometry& x) { x.direction = {1, 0, 0, 0, 1, 0, 0, 0, 1}; }},
                        {"size", [](Geometry& x) { x.size[0] -= 1; }}};
  for (const auto& c : cases) {
    Geometry other = g;
    c.change(other);
    std::vector<std::uint32_t> w(other.voxelCount(), 1);
    const LabelImage pred = LabelImage::fromLabels(other, w.data());
    const auto msg = expectInputError([&] { evaluatePrediction(ref, pred, "pred.nii", {}, opt); });
    EXPECT_NE(msg.find(std::string(c.attribute) + " differs"), std::string::npos) << msg;
    EXPECT_NE(msg.find("pred.nii"), std::string::npos) << msg;
    opt.resample = true;
    const auto ev = evaluatePrediction(ref, pred, "pred.nii", {}, opt);
    EXPECT_FALSE(ev.warnings.empty());
    opt.resample = false;
  }
}

TEST_F(ImageIOTest, NearestNeighbourResampleOntoSameGridIsIdentity) {
  const Geometry g = obliqueGrid();
  const auto v = test::randomBlobs(g, 3, 6, 4);
  const LabelImage img = LabelImage::fromLabels(g, v.data());
  EXPECT_EQ(resampleNearest(img, g).labels(), v);
  // Half-voxel shifts of the origin along i move each label by at most one voxel.
  Geometry shifted = g;
  shifted.size[0] = g.size[0] - 1;
  const auto p = g.indexToPhysical(1, 0, 0);
  shifted.origin = {p[0], p[1], p[2]};
  const auto moved = resampleNearest(img, shifted).labels();
  for (std::size_t k = 0; k < g.size[2]; ++k)
    for (std::size_t j = 0; j < g.size[1]; ++j)
      for (std::size_t i = 0; i < shifted.size[0]; ++i)
        EXPECT_EQ(moved[shifted.linearIndex(i, j, k)], v[g.linearIndex(i + 1, j, k)]);
}

TEST_F(ImageIOTest, ScanReadsAsFloatWithGeometry) {
  const Geometry g = obliqueGrid();
  std::vector<float> v(g.voxelCount());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = float(i) * 0.5f - 7;
  saveFloatImage(g, v, path("scan.nrrd"));
  const auto scan = loadScalarImage(path("scan.nrrd"));
  EXPECT_EQ(scan.voxels, v);
  EXPECT_FALSE(compareGeometry(g, scan.geometry, 1e-5).has_value());
  EXPECT_FALSE(compareGeometry(g, readGeometry(path("scan.nrrd")), 1e-5).has_value());
}

TEST_F(ImageIOTest, NegativeLabelsAreRejected) {
  std::ofstream(path("neg.mhd")) << "ObjectType = Image\nNDims = 3\nDimSize = 2 1 1\n"
                                    "ElementType = MET_SHORT\nElementDataFile = neg.raw\n";
  const std::int16_t data[2] = {0, -4};
  std::ofstream(path("neg.raw"), std::ios::binary).write(reinterpret_cast<const char*>(data), 4);
  const auto msg = expectInputError([&] { loadLabelImage(path("neg.mhd")); });
  EXPECT_NE(msg.find("negative label -4"), std::string::npos) << msg;
}

TEST_F(ImageIOTest, FourDimensionalVolumesAreRejected) {
  std::ofstream(path("t.mhd")) << "ObjectType = Image\nNDims = 4\nDimSize = 2 2 2 3\n"
                                  "ElementType = MET_UCHAR\nElementDataFile = t.raw\n";
  std::ofstream(path("t.raw")) << std::string(24, '\0');
  const auto msg = expectInputError([&] { loadLabelImage(path("t.mhd")); });
  EXPECT_NE(msg.find("3 volumes"), std::string::npos) << msg;
}

TEST_F(ImageIOTest, EmptyFolderIsNotADicomSeries) {
  fs::create_directories(path("dicom"));
  const auto msg = expectInputError([&] { loadScalarImage(path("dicom")); });
  EXPECT_NE(msg.find("no DICOM series"), std::string::npos) << msg;
}

}  // namespace
}  // namespace seglens
