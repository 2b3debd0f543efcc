// The fast NIfTI path against ITK: every supported datatype, both byte orders, .nii and .nii.gz,
// qform/sform combinations, scaling, NIfTI-2, real files, and bad files.
#include "NiftiReader.h"

#include <gtest/gtest.h>
#include <itkImageFileReader.h>
#include <itkNiftiImageIO.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <random>

#include "ImageIO.h"
#include "InputError.h"
#include "ItkBridge.h"
#include "NiftiTestFiles.h"
#include "ParallelLoader.h"
#include "TestVolumes.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

using test::NiftiSpec;

constexpr int kDatatypes[] = {2, 256, 4, 512, 8, 768, 1024, 1280, 16, 64};

class NiftiReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seglens-nifti-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    NiftiReader::setEnabled(true);
    fs::remove_all(dir_);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Runs `fn` with the fast path off, i.e. through ITK as before.
  template <class F>
  static auto viaItk(F fn) {
    NiftiReader::setEnabled(false);
    auto result = fn();
    NiftiReader::setEnabled(true);
    return result;
  }

  static bool fastPathTakes(const std::string& file) {
    NiftiReader reader(file, true);
    return reader.supported();
  }

  static void expectSameGeometry(const Geometry& a, const Geometry& b) {
    EXPECT_EQ(a.size, b.size);
    EXPECT_EQ(a.spacing, b.spacing);
    EXPECT_EQ(a.origin, b.origin);
    EXPECT_EQ(a.direction, b.direction);
  }

  static void expectSameScan(const ScalarImage& a, const ScalarImage& b) {
    expectSameGeometry(a.geometry, b.geometry);
    ASSERT_EQ(a.voxels.size(), b.voxels.size());
    EXPECT_EQ(0, std::memcmp(a.voxels.data(), b.voxels.data(), a.voxels.size() * sizeof(float)));
  }

  static void expectSameLabels(const LabelImage& a, const LabelImage& b) {
    expectSameGeometry(a.geometry, b.geometry);
    EXPECT_EQ(a.labelValues, b.labelValues);
    EXPECT_EQ(a.codeVoxels, b.codeVoxels);
    EXPECT_EQ(a.codes.index(), b.codes.index());
    EXPECT_TRUE(a.codes == b.codes);
    EXPECT_EQ(a.isProbabilityMap(), b.isProbabilityMap());
    if (a.isProbabilityMap() && b.isProbabilityMap()) EXPECT_EQ(*a.probabilities, *b.probabilities);
  }

  // Scan, label map (when `labels`) and header-only geometry: fast path == ITK, bit for bit.
  void expectSameAsItk(const std::string& file, bool labels, const LabelLoadOptions& opt = {}) {
    SCOPED_TRACE(file);
    ASSERT_TRUE(fastPathTakes(file)) << NiftiReader(file, true).header().unsupported;
    expectSameScan(loadScalarImage(file), viaItk([&] { return loadScalarImage(file); }));
    expectSameGeometry(readGeometry(file), viaItk([&] { return readGeometry(file); }));
    if (labels) expectSameLabels(loadLabelImage(file, opt), viaItk([&] { return loadLabelImage(file, opt); }));
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

  static std::vector<double> scanValues(int datatype, std::size_t n, std::uint32_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<double> v(n);
    for (auto& x : v) {
      switch (datatype) {
        case 2: x = double(rng() % 256); break;
        case 256: x = double(int(rng() % 256) - 128); break;
        case 4: x = double(int(rng() % 65536) - 32768); break;
        case 512: x = double(rng() % 65536); break;
        case 8: x = double(std::int32_t(rng())); break;
        case 768: x = double(std::uint32_t(rng())); break;
        case 1024: x = double(std::int64_t(rng()) >> 3); break;
        case 1280: x = double(rng() >> 2); break;
        default: x = std::ldexp(double(std::int64_t(rng())) / 9.2e18, int(rng() % 40) - 20); break;
      }
    }
    return v;
  }

  static std::vector<double> labelValues(int datatype, std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    const std::uint32_t top = (datatype == 2 || datatype == 256) ? 100 : 400;
    std::vector<double> v(n);
    for (auto& x : v) x = rng() % 3 == 0 ? 0.0 : double(rng() % top);
    return v;
  }

  fs::path dir_;
};

TEST_F(NiftiReaderTest, EveryDatatypeBothByteOrdersPlainAndGzipMatchItk) {
  NiftiSpec s;
  const std::size_t n = 6 * 5 * 4;
  for (int dt : kDatatypes) {
    for (bool big : {false, true}) {
      for (const char* ext : {".nii", ".nii.gz"}) {
        s.datatype = dt;
        s.bigEndian = big;
        const std::string tag = std::to_string(dt) + (big ? "be" : "le");
        const std::string scan = path("scan" + tag + ext), lab = path("lab" + tag + ext);
        test::writeNifti(scan, s, scanValues(dt, n, dt));
        test::writeNifti(lab, s, labelValues(dt, n, dt + 1));
        expectSameAsItk(scan, false);
        LabelLoadOptions asLabels;
        asLabels.floatLabels = true;  // float datatypes hold integer labels here
        expectSameAsItk(lab, true, asLabels);
      }
    }
  }
}

TEST_F(NiftiReaderTest, QformSformPrecedenceMatchesItk) {
  struct Case {
    const char* name;
    int qform, sform;
    std::function<void(NiftiSpec&)> tweak;
  };
  const Case cases[] = {
      {"qform-only", 1, 0, {}},
      {"qform-only-left-handed", 2, 0, [](NiftiSpec& s) { s.pixdim[0] = -1; }},
      {"sform-only", 0, 2, {}},
      {"sform-only-mni", 0, 4, [](NiftiSpec& s) {
         s.pixdim = {1, 1, 1, 1, 0, 0, 0, 0};
         s.srow = {1, 0, 0, -90, 0, 1, 0, -126, 0, 0, 1, -72};
       }},
      {"neither", 0, 0, {}},
      {"both-same", 1, 1, [](NiftiSpec& s) {
         s.quatern = {0, 0, 1};  // 180 degrees about z: exactly diag(-1, -1, 1)
         s.pixdim[0] = 1;
         s.srow = {-0.8, 0, 0, -10.5, 0, -1.1, 0, 20.25, 0, 0, 2.5, 3.0};
       }},
      {"both-differ-scanner", 1, 1, {}},
      {"both-differ-aligned", 2, 2, {}},
      {"both-differ-offsets", 2, 3, [](NiftiSpec& s) {
         s.quatern = {0, 0, 0};
         s.srow = {0.8, 0, 0, 50, 0, 1.1, 0, 60, 0, 0, 2.5, 70};
       }},
      {"sform-sheared", 1, 1, [](NiftiSpec& s) { s.srow[1] = 0.4; }},
      {"metres", 1, 0, [](NiftiSpec& s) { s.units = 1; }},
      {"microns", 0, 2, [](NiftiSpec& s) { s.units = 3; }},
      {"zero-pixdim", 1, 0, [](NiftiSpec& s) { s.pixdim[2] = 0; }},
      {"four-d-single-volume", 1, 0, [](NiftiSpec& s) { s.dim[0] = 4; }},
      {"non-unit-quaternion", 1, 0, [](NiftiSpec& s) { s.quatern = {0.9, 0.5, 0.1}; }},
  };
  for (const auto& c : cases) {
    for (const char* ext : {".nii", ".nii.gz"}) {
      NiftiSpec s;
      s.qformCode = c.qform;
      s.sformCode = c.sform;
      if (c.tweak) c.tweak(s);
      const std::string file = path(std::string(c.name) + ext);
      test::writeNifti(file, s, labelValues(2, 120, 3));
      expectSameAsItk(file, true);
    }
  }
}

// Random headers: whenever the fast path accepts one, its geometry must be ITK's to the bit.
TEST_F(NiftiReaderTest, RandomGeometriesMatchItkWheneverAccepted) {
  std::mt19937 rng(2024);
  std::uniform_real_distribution<double> unit(-1, 1);
  int accepted = 0, total = 0;
  for (int k = 0; k < 1500; ++k) {
    NiftiSpec s;
    s.dim = {3, 3, 2, 2, 1, 1, 1, 1};
    s.qformCode = int(rng() % 4) - (rng() % 5 == 0 ? 1 : 0);
    s.sformCode = int(rng() % 5);
    for (int i = 1; i <= 3; ++i) s.pixdim[i] = std::array<double, 5>{0.3, 0.5, 1, 1.25, 3}[rng() % 5];
    s.pixdim[0] = rng() % 2 ? 1 : -1;
    if (rng() % 2) s.quatern = {unit(rng) * 0.7, unit(rng) * 0.7, unit(rng) * 0.7};
    else s.quatern = {0, 0, double(rng() % 2)};
    const double scale = std::pow(10.0, unit(rng) * 3);
    s.qoffset = {unit(rng) * scale, unit(rng) * scale, unit(rng) * scale};
    // The sform: the qform's own matrix (as writers store both), a perturbed or an unrelated one.
    const double sx = s.pixdim[1], sy = s.pixdim[2], sz = s.pixdim[3] * s.pixdim[0];
    const int kind = int(rng() % 3);
    if (kind < 2 && s.quatern[0] == 0 && s.quatern[1] == 0) {
      const double flip = s.quatern[2] == 1 ? -1 : 1;
      s.srow = {flip * sx, 0, 0, s.qoffset[0], 0, flip * sy, 0, s.qoffset[1], 0, 0, sz, s.qoffset[2]};
      if (kind == 1) s.srow[3] += 1e-3 * (rng() % 3);
    } else {
      for (auto& v : s.srow) v = unit(rng) * 2;
      if (rng() % 2) s.srow = {sx, 0, 0, unit(rng) * 100, 0, sy, 0, unit(rng) * 100, 0, 0, sz, 7};
    }
    const std::string file = path("r" + std::to_string(k) + (k % 2 ? ".nii" : ".nii.gz"));
    test::writeNifti(file, s, std::vector<double>(12, 1.0));
    ++total;
    bool fast = false;
    try {
      fast = fastPathTakes(file);
    } catch (const InputError&) {
      continue;
    }
    if (!fast) continue;
    ++accepted;
    SCOPED_TRACE(file);
    expectSameGeometry(readGeometry(file), viaItk([&] { return readGeometry(file); }));
    expectSameScan(loadScalarImage(file), viaItk([&] { return loadScalarImage(file); }));
  }
  RecordProperty("accepted", accepted);
  std::printf("fast path accepted %d of %d random headers\n", accepted, total);
  EXPECT_GT(accepted, total / 3) << accepted << " of " << total;
}

TEST_F(NiftiReaderTest, ScaledIntensitiesMatchItk) {
  for (int dt : {2, 4, 512, 8, 1024, 16, 64}) {
    for (const char* ext : {".nii", ".nii.gz"}) {
      NiftiSpec s;
      s.datatype = dt;
      s.slope = 0.37;
      s.inter = -1024.5;
      const std::string file = path("scaled" + std::to_string(dt) + ext);
      test::writeNifti(file, s, scanValues(dt == 1024 ? 4 : dt, 120, dt));
      expectSameAsItk(file, false);
      // Scaled integers become floats, so label maps go through the probability rules.
      NiftiSpec p = s;
      p.slope = 1.0 / 200;
      p.inter = 0;
      const std::string prob = path("prob" + std::to_string(dt) + ext);
      std::vector<double> v(120);
      for (std::size_t i = 0; i < v.size(); ++i) v[i] = double(i % 200);
      test::writeNifti(prob, p, v);
      expectSameAsItk(prob, true);
    }
  }
}

TEST_F(NiftiReaderTest, NonFiniteFloatsAreZeroInScansAndAnErrorInLabelMaps) {
  NiftiSpec s;
  s.datatype = 16;
  std::vector<double> v(120, 0.25);
  v[3] = std::nan("");
  v[7] = INFINITY;
  test::writeNifti(path("nan.nii.gz"), s, v);
  expectSameAsItk(path("nan.nii.gz"), false);
  EXPECT_EQ(loadScalarImage(path("nan.nii.gz")).voxels[3], 0.0f);
  // ITK's reader silently zeroes the NaN; a probability map with a NaN is a broken file.
  const auto msg = expectInputError([&] { loadLabelImage(path("nan.nii.gz")); });
  EXPECT_NE(msg.find("NaN at voxel (3, 0, 0)"), std::string::npos) << msg;
}

TEST_F(NiftiReaderTest, MultiMemberGzipMatchesItk) {
  NiftiSpec s;
  s.datatype = 4;
  s.dim = {3, 40, 30, 20, 1, 1, 1, 1};
  test::writeNifti(path("multi.nii.gz"), s, scanValues(4, 24000, 9), 5);
  expectSameAsItk(path("multi.nii.gz"), false);
}

TEST_F(NiftiReaderTest, GzipLongerThanHeaderFallsBackToItk) {
  NiftiSpec s;
  auto bytes = test::niftiHeader(s);
  bytes.resize(bytes.size() + 120 + 64, 7);  // 64 bytes nobody asked for
  test::writeBytes(path("long.nii.gz"), test::gzipBytes(bytes));
  ASSERT_TRUE(fastPathTakes(path("long.nii.gz")));
  expectSameScan(loadScalarImage(path("long.nii.gz")),
                 viaItk([&] { return loadScalarImage(path("long.nii.gz")); }));
}

TEST_F(NiftiReaderTest, Nifti2MatchesItkOnTheEquivalentNifti1File) {
  // ITK 5.2 reads only NIfTI-1, so the reference is the same header written as NIfTI-1.
  for (int sform : {0, 2}) {
    for (bool big : {false, true}) {
      NiftiSpec s;
      s.quatern = {0, 0, 1};
      s.sformCode = sform;
      s.qformCode = sform ? 0 : 1;
      s.bigEndian = big;
      s.datatype = 4;
      s.pixdim = {1, 0.75, 1.25, 2.5, 0, 0, 0, 0};  // exact in float and double alike
      s.srow = {-0.75, 0, 0, 10.5, 0, -1.25, 0, -20.25, 0, 0, 2.5, 3.0};
      const auto v = labelValues(4, 120, 5);
      NiftiSpec s2 = s;
      s2.version = 2;
      s2.voxOffset = 544;
      const std::string one = path("one.nii.gz"), two = path("two.nii.gz");
      test::writeNifti(one, s, v);
      test::writeNifti(two, s2, v);
      ASSERT_TRUE(fastPathTakes(two));
      expectSameScan(loadScalarImage(two), viaItk([&] { return loadScalarImage(one); }));
      expectSameLabels(loadLabelImage(path("two.nii.gz"), {}),
                       viaItk([&] { return loadLabelImage(one); }));
    }
  }
  // Oblique: NIfTI-2 keeps double precision, so agree to float precision only.
  NiftiSpec s;
  NiftiSpec s2 = s;
  s2.version = 2;
  s2.voxOffset = 544;
  test::writeNifti(path("o1.nii"), s, std::vector<double>(120, 1));
  test::writeNifti(path("o2.nii"), s2, std::vector<double>(120, 1));
  const Geometry a = readGeometry(path("o2.nii"));
  const Geometry b = viaItk([&] { return readGeometry(path("o1.nii")); });
  EXPECT_FALSE(compareGeometry(a, b, 1e-6).has_value());
}

TEST_F(NiftiReaderTest, ItkWrittenFilesMatchItk) {
  Geometry g = test::grid(12, 10, 7, {0.8, 1.1, 2.5});
  g.origin = {-10.5, 20.25, 3.0};
  const double c = std::cos(M_PI / 6), sn = std::sin(M_PI / 6);
  g.direction = {c, -sn, 0, sn, c, 0, 0, 0, 1};
  auto v = test::randomBlobs(g, 4, 8, 11);
  saveLabelImage(LabelImage::fromLabels(g, v.data()), path("itk8.nii.gz"));
  v[5] = 3000;
  saveLabelImage(LabelImage::fromLabels(g, v.data()), path("itk16.nii.gz"));
  std::vector<float> f(g.voxelCount());
  for (std::size_t i = 0; i < f.size(); ++i) f[i] = float(i) * 0.25f - 7;
  saveFloatImage(g, f, path("itkf.nii"));
  expectSameAsItk(path("itk8.nii.gz"), true);
  expectSameAsItk(path("itk16.nii.gz"), true);
  expectSameAsItk(path("itkf.nii"), false);
}

TEST_F(NiftiReaderTest, MricronTemplatesMatchItk) {
  const std::string ch2 = "/usr/share/mricron/templates/ch2.nii.gz";
  const std::string aal = "/usr/share/mricron/templates/aal.nii.gz";
  if (!fs::exists(ch2) || !fs::exists(aal)) GTEST_SKIP() << "mricron-data not installed";
  expectSameAsItk(ch2, false);
  expectSameAsItk(aal, true);
}

TEST_F(NiftiReaderTest, CorruptFilesAreClearInputErrors) {
  NiftiSpec good;
  good.dim = {3, 40, 40, 40, 1, 1, 1, 1};
  const std::vector<double> values = labelValues(2, 64000, 4);
  auto whole = test::niftiHeader(good);
  const auto voxels = test::niftiVoxels(good, values);
  whole.insert(whole.end(), voxels.begin(), voxels.end());
  const auto gz = test::gzipBytes(whole);

  struct Bad {
    std::string name;
    std::vector<std::uint8_t> bytes;
    const char* expect;
  };
  std::vector<Bad> bad;
  bad.push_back({"half.nii.gz", {gz.begin(), gz.begin() + gz.size() / 2}, "gzip"});
  bad.push_back({"notrailer.nii.gz", {gz.begin(), gz.end() - 6}, "gzip"});
  bad.push_back({"short.nii", {whole.begin(), whole.end() - 100}, "header declares"});
  {
    NiftiSpec s = good;
    s.dim[3] = 41;  // one slice more than the data holds
    auto b = test::niftiHeader(s);
    b.insert(b.end(), voxels.begin(), voxels.end());
    bad.push_back({"dims.nii.gz", test::gzipBytes(b), "header declares"});
    bad.push_back({"dims.nii", b, "header declares"});
  }
  for (const char* ext : {".nii", ".nii.gz"}) {
    const std::string e = ext;
    auto withHeader = [&](const NiftiSpec& s) {
      auto b = test::niftiHeader(s);
      b.insert(b.end(), 64, 0);
      return e == ".nii" ? b : test::gzipBytes(b);
    };
    NiftiSpec huge = good;
    huge.dim = {3, 30000, 30000, 30000, 1, 1, 1, 1};
    huge.datatype = 64;
    bad.push_back({"huge" + e, withHeader(huge), "header declares"});
    NiftiSpec huge2 = huge;
    huge2.version = 2;
    huge2.voxOffset = 544;
    huge2.dim = {3, 1000000, 1000000, 1000000, 1, 1, 1, 1};
    bad.push_back({"huge2" + e, withHeader(huge2), "2^48"});
    NiftiSpec neg = good;
    neg.pixdim[2] = -1.5;
    bad.push_back({"negpix" + e, withHeader(neg), "negative voxel spacing"});
    NiftiSpec nanS = good;
    nanS.sformCode = 1;
    nanS.srow[5] = std::nan("");
    bad.push_back({"nansform" + e, withHeader(nanS), "NaN"});
    NiftiSpec nanQ = good;
    nanQ.quatern[1] = std::nan("");
    bad.push_back({"nanqform" + e, withHeader(nanQ), "NaN"});
    NiftiSpec dim0 = good;
    dim0.dim[0] = 9;
    bad.push_back({"dim0" + e, withHeader(dim0), "dim[0]"});
    NiftiSpec negDim = good;
    negDim.dim[2] = -4;
    bad.push_back({"negdim" + e, withHeader(negDim), "dimension 2"});
    NiftiSpec type = good;
    type.datatype = 3;
    bad.push_back({"type" + e, withHeader(type), "datatype"});
  }
  std::mt19937 rng(5);
  std::vector<std::uint8_t> noise(5000);
  for (auto& b : noise) b = static_cast<std::uint8_t>(rng());
  bad.push_back({"random.nii", noise, ""});
  bad.push_back({"random.nii.gz", noise, ""});
  auto gzNoise = noise;
  gzNoise[0] = 0x1f;
  gzNoise[1] = 0x8b;
  gzNoise[2] = 8;
  gzNoise[3] = 0;
  bad.push_back({"gznoise.nii.gz", gzNoise, "gzip"});

  for (const auto& b : bad) {
    SCOPED_TRACE(b.name);
    const std::string file = path(b.name);
    test::writeBytes(file, b.bytes);
    for (const auto& load : std::vector<std::function<void()>>{
             [&] { loadLabelImage(file); }, [&] { loadScalarImage(file); }}) {
      const std::string msg = expectInputError(load);
      EXPECT_NE(msg.find(b.name), std::string::npos) << msg;
      EXPECT_NE(msg.find(b.expect), std::string::npos) << msg;
      EXPECT_EQ(msg.find("not enough memory"), std::string::npos) << msg;
    }
  }
}

TEST_F(NiftiReaderTest, ParallelLoaderGivesTheSameImagesAndTheFirstError) {
  NiftiSpec s;
  s.datatype = 4;
  test::writeNifti(path("scan.nii.gz"), s, scanValues(4, 120, 1));
  NiftiSpec l;
  test::writeNifti(path("a.nii.gz"), l, labelValues(2, 120, 2));
  test::writeNifti(path("b.nii"), l, labelValues(2, 120, 3));
  ParallelLoader::Request req;
  req.scan = path("scan.nii.gz");
  req.labelMaps = {path("a.nii.gz"), path("b.nii")};
  const auto got = ParallelLoader::load(req);
  ASSERT_TRUE(got.scan.has_value());
  expectSameScan(*got.scan, loadScalarImage(path("scan.nii.gz")));
  ASSERT_EQ(got.labelMaps.size(), 2u);
  expectSameLabels(got.labelMaps[0], loadLabelImage(path("a.nii.gz")));
  expectSameLabels(got.labelMaps[1], loadLabelImage(path("b.nii")));
  req.labelMaps.push_back(path("missing1.nii.gz"));
  req.labelMaps.push_back(path("missing2.nii.gz"));
  const auto msg = expectInputError([&] { ParallelLoader::load(req); });
  EXPECT_NE(msg.find("missing1.nii.gz"), std::string::npos) << msg;
}

}  // namespace
}  // namespace seglens
