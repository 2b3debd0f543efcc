// `seglens-cli eval --surface`: which fields each definition writes, and that `both` keeps the
// voxel numbers of the default run.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ImageIO.h"
#include "../core/TestVolumes.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

class SurfaceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seglens-surface-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    const Geometry g = test::grid(20, 16, 12, {0.9, 0.9, 2.0});
    std::vector<std::uint32_t> ref = test::randomBlobs(g, 2, 4, 21), pred(ref.size(), 0);
    for (std::size_t i = 1; i < ref.size(); ++i) pred[i] = ref[i - 1];
    pred[g.linearIndex(1, 1, 1)] = 5;  // label 5: absent from the reference
    saveLabelImage(LabelImage::fromLabels(g, ref.data()), path("ref.nii.gz"));
    saveLabelImage(LabelImage::fromLabels(g, pred.data()), path("pred.nii.gz"));
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Exit code and stdout of `seglens-cli eval ref pred ARGS`.
  std::pair<int, std::string> eval(const std::string& args) const {
    const std::string cmd = std::string(SEGLENS_CLI) + " eval " + path("ref.nii.gz") + " " +
                            path("pred.nii.gz") + " " + args + " >" + path("out") + " 2>" +
                            path("err");
    const int status = std::system(cmd.c_str());
    std::ifstream in(path("out"));
    std::ostringstream os;
    os << in.rdbuf();
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, os.str()};
  }
  nlohmann::json json(const std::string& args) const {
    const auto [code, out] = eval(args + " --json -");
    EXPECT_EQ(code, 0) << args;
    return nlohmann::json::parse(out);
  }

  fs::path dir_;
};

TEST_F(SurfaceCliTest, SurfelModeWritesTheSurfelFields) {
  const auto j = json("--surface surfel");
  EXPECT_EQ(j["conventions"]["surface_definition"], "surfel");
  EXPECT_TRUE(j["conventions"].contains("surfel"));
  EXPECT_FALSE(j["conventions"].contains("hd95"));  // the voxel --hd95 mode does not apply
  const auto& l1 = j["predictions"][0]["labels"][0];
  for (const char* key : {"hd", "hd95", "asd_ref_to_pred", "asd_pred_to_ref", "masd", "nsd",
                          "surfel_ref_area_mm2", "empty_one"})
    EXPECT_TRUE(l1.contains(key)) << key;
  EXPECT_FALSE(l1.contains("assd"));
  EXPECT_GT(l1["hd"].get<double>(), 0.0);
  EXPECT_GE(l1["hd"].get<double>(), l1["hd95"].get<double>());
  EXPECT_DOUBLE_EQ(l1["masd"].get<double>(), (l1["asd_ref_to_pred"].get<double>() +
                                               l1["asd_pred_to_ref"].get<double>()) / 2);
  // Label 5 has no reference voxels: the package's infinities are null, NSD is 0.
  const auto& l5 = j["predictions"][0]["labels"][2];
  EXPECT_EQ(l5["label"], 5);
  EXPECT_TRUE(l5["empty_one"].get<bool>());
  EXPECT_TRUE(l5["hd"].is_null());
  EXPECT_EQ(l5["nsd"]["1"], 0.0);
}

TEST_F(SurfaceCliTest, BothKeepsTheVoxelFieldsAndPrefixesTheSurfelOnes) {
  const auto voxel = json(""), surfel = json("--surface surfel"), both = json("--surface both");
  EXPECT_EQ(voxel["conventions"]["surface_definition"], "voxel");
  EXPECT_EQ(both["conventions"]["surface_definition"], "both");
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& v = voxel["predictions"][0]["labels"][i];
    const auto& s = surfel["predictions"][0]["labels"][i];
    const auto& b = both["predictions"][0]["labels"][i];
    EXPECT_FALSE(v.contains("surfel_hd"));
    for (const char* key : {"hd", "hd95", "assd", "masd", "nsd"}) EXPECT_EQ(v[key], b[key]) << key;
    for (const char* key : {"hd", "hd95", "asd_ref_to_pred", "asd_pred_to_ref", "masd", "nsd"})
      EXPECT_EQ(s[key], b[std::string("surfel_") + key]) << key;
  }
}

TEST_F(SurfaceCliTest, CsvColumnsFollowTheDefinition) {
  auto header = [&](const std::string& args) {
    const auto [code, out] = eval(args + " --csv -");
    EXPECT_EQ(code, 0);
    return out.substr(0, out.find('\n'));
  };
  const std::string voxel = header(""), surfel = header("--surface surfel"),
                    both = header("--surface both");
  EXPECT_NE(voxel.find(",hd,hd95,assd,masd,nsd_1,nsd_2,empty_one,threshold"), std::string::npos)
      << voxel;
  EXPECT_NE(surfel.find(",hd,hd95,asd_ref_to_pred,asd_pred_to_ref,masd,nsd_1,nsd_2,empty_one,"
                        "threshold"),
            std::string::npos)
      << surfel;
  EXPECT_EQ(both.rfind(voxel.substr(0, voxel.size() - std::string(",threshold").size()), 0), 0u);
  EXPECT_NE(both.find(",empty_one,surfel_hd,surfel_hd95,surfel_asd_ref_to_pred,"
                      "surfel_asd_pred_to_ref,surfel_masd,surfel_nsd_1,surfel_nsd_2,threshold"),
            std::string::npos)
      << both;
}

TEST_F(SurfaceCliTest, UnknownSurfaceIsAUsageError) {
  EXPECT_EQ(eval("--surface mesh").first, 2);
  EXPECT_EQ(eval("--surface surfel").first, 0);  // the table output
}

}  // namespace
}  // namespace seglens
