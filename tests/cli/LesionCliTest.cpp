// `seglens-cli eval --lesions` and `--regions`: the JSON lesions object and its conventions, the
// CSV columns, the matching options and their usage errors, region rows.
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

class LesionCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seglens-lesion-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    // Label 1: lesions A (27 voxels, found exactly), B (27, missed), C (1 voxel, missed); the
    // prediction adds D (8 voxels, a false positive). Label 2: one bar, predicted exactly.
    const Geometry g = test::grid(20, 16, 12);
    std::vector<std::uint32_t> ref(g.voxelCount(), 0), pred(g.voxelCount(), 0);
    auto cube = [&](std::vector<std::uint32_t>& v, std::size_t x, std::size_t y, std::size_t z,
                    std::size_t n, std::uint32_t label) {
      for (std::size_t k = z; k < z + n; ++k)
        for (std::size_t j = y; j < y + n; ++j)
          for (std::size_t i = x; i < x + n; ++i) v[g.linearIndex(i, j, k)] = label;
    };
    cube(ref, 2, 2, 2, 3, 1);
    cube(pred, 2, 2, 2, 3, 1);
    cube(ref, 14, 2, 2, 3, 1);  // beyond A's dilation by 3
    cube(ref, 17, 12, 9, 1, 1);
    cube(pred, 2, 12, 8, 2, 1);
    for (std::size_t i = 5; i < 15; ++i) ref[g.linearIndex(i, 8, 6)] = pred[g.linearIndex(i, 8, 6)] = 2;
    saveLabelImage(LabelImage::fromLabels(g, ref.data()), path("ref.nii.gz"));
    saveLabelImage(LabelImage::fromLabels(g, pred.data()), path("pred.nii.gz"));
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

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

TEST_F(LesionCliTest, JsonCarriesTheLesionsObject) {
  const auto j = json("--lesions");
  const auto& conv = j["conventions"]["lesions"];
  EXPECT_EQ(conv["match"], "iou");
  EXPECT_EQ(conv["connectivity"], 26);
  EXPECT_EQ(conv["miss_hd95"], 374.0);
  const auto& l = j["predictions"][0]["labels"][0]["lesions"];
  EXPECT_EQ(l["tp"], 1);
  EXPECT_EQ(l["fn"], 2);
  EXPECT_EQ(l["fp"], 1);
  EXPECT_DOUBLE_EQ(l["precision"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(l["recall"].get<double>(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(l["f1"].get<double>(), 0.4);  // 2 / (2 + 1 + 2)
  EXPECT_DOUBLE_EQ(l["rq"].get<double>(), 0.4);
  EXPECT_DOUBLE_EQ(l["sq"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(l["pq"].get<double>(), 0.4);
  EXPECT_DOUBLE_EQ(l["lesion_dice"].get<double>(), 0.25);           // 1 / 4
  EXPECT_DOUBLE_EQ(l["lesion_hd95"].get<double>(), 374.0 * 3 / 4);  // (0 + 3 M) / 4
  ASSERT_EQ(l["items"].size(), 5u);
  const auto& a = l["items"][0];
  EXPECT_EQ(a["side"], "reference");
  EXPECT_EQ(a["id"], 1);
  EXPECT_EQ(a["kind"], "tp");
  EXPECT_EQ(a["volume_mm3"], 27.0);
  EXPECT_EQ(a["centroid_mm"], nlohmann::json::array({3.0, 3.0, 3.0}));
  EXPECT_EQ(a["matched"], nlohmann::json::array({1}));
  EXPECT_EQ(l["items"][2]["kind"], "fn");
  EXPECT_EQ(l["items"][2]["hd95"], 374.0);
  EXPECT_EQ(l["items"][4]["side"], "prediction");
  EXPECT_EQ(l["items"][4]["kind"], "fp");
  EXPECT_EQ(l["items"][4]["dice"], 0.0);
  EXPECT_TRUE(l["items"][3]["dice"].is_null());  // the matched prediction
  // The mean has no lesions; without --lesions there are none anywhere.
  EXPECT_FALSE(j["predictions"][0]["mean"].contains("lesions"));
  const auto plain = json("");
  EXPECT_FALSE(plain["conventions"].contains("lesions"));
  EXPECT_FALSE(plain["predictions"][0]["labels"][0].contains("lesions"));
}

TEST_F(LesionCliTest, CsvHasTheLesionColumnsLast) {
  const auto [code, out] = eval("--lesions --no-distances --csv -");
  ASSERT_EQ(code, 0);
  std::istringstream in(out);
  std::string header, row1;
  std::getline(in, header);
  std::getline(in, row1);
  const std::string tail = ",threshold,lesion_tp,lesion_fp,lesion_fn,lesion_precision,"
                           "lesion_recall,lesion_f1,lesion_dice,lesion_hd95,lesion_pq,lesion_sq,"
                           "lesion_rq";
  ASSERT_GE(header.size(), tail.size());
  EXPECT_EQ(header.substr(header.size() - tail.size()), tail);
  // Label 1: tp 1, fp 1, fn 2, ..., lesion_hd95 empty (no distances).
  EXPECT_NE(row1.find(",1,1,2,0.5,0.33333333333333331,0.40000000000000002,0.25,,0.4"),
            std::string::npos)
      << row1;
}

TEST_F(LesionCliTest, MatchingOptionsChangeTheCounts) {
  // Overlap: the same here (no partial overlaps).
  EXPECT_EQ(json("--lesions --lesion-match overlap")["predictions"][0]["labels"][0]["lesions"]["tp"], 1);
  // BraTS with the 1-voxel lesion C ignored (1 mm^3 <= 1): fn 1 (B), fp 1 (D).
  const auto b = json("--lesions --lesion-match brats --lesion-min-volume 1");
  const auto& l = b["predictions"][0]["labels"][0]["lesions"];
  EXPECT_EQ(l["fn"], 1);
  EXPECT_EQ(l["fp"], 1);
  EXPECT_EQ(l["items"][2]["kind"], "ignored");
  EXPECT_DOUBLE_EQ(l["lesion_dice"].get<double>(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(l["lesion_hd95"].get<double>(), 374.0 * 2 / 3);
  EXPECT_EQ(b["conventions"]["lesions"]["min_volume_mm3"], 1.0);
  // A dilation of 10 reaches D from A: D is matched, nothing is a false positive.
  const auto wide = json("--lesions --lesion-match brats --lesion-dilation 10");
  EXPECT_EQ(wide["predictions"][0]["labels"][0]["lesions"]["fp"], 0);
  // Connectivity 6 splits nothing here; the miss HD95 is the user's.
  const auto m = json("--lesions --lesion-connectivity 6 --lesion-miss-hd95 100");
  EXPECT_DOUBLE_EQ(m["predictions"][0]["labels"][0]["lesions"]["lesion_hd95"].get<double>(), 75.0);
}

TEST_F(LesionCliTest, BadLesionOptionsAreUsageErrors) {
  EXPECT_EQ(eval("--lesions --lesion-match best").first, 2);
  EXPECT_EQ(eval("--lesions --lesion-connectivity 8").first, 2);
  EXPECT_EQ(eval("--lesions --lesion-iou 1.5").first, 2);
  EXPECT_EQ(eval("--lesion-match brats").first, 2);  // needs --lesions
  EXPECT_EQ(eval("--regions WT=").first, 2);
  EXPECT_EQ(eval("--regions 'WT=1,x'").first, 2);
  EXPECT_EQ(eval("--regions 'WT=1;WT=2'").first, 2);
}

TEST_F(LesionCliTest, RegionsAddRowsWithEveryMetric) {
  const auto j = json("--lesions --regions 'WT=1,2;ET=2'");
  const auto& regions = j["predictions"][0]["regions"];
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(regions[0]["region"], "WT");
  EXPECT_EQ(regions[0]["labels"], nlohmann::json::array({1, 2}));
  EXPECT_EQ(regions[0]["tp"], 27 + 10);
  EXPECT_TRUE(regions[0].contains("hd95"));
  // ET = label 2 alone: the same numbers as label 2's row.
  const auto& l2 = j["predictions"][0]["labels"][1];
  EXPECT_EQ(regions[1]["dice"], l2["dice"]);
  EXPECT_EQ(regions[1]["hd95"], l2["hd95"]);
  EXPECT_EQ(regions[1]["lesions"]["tp"], 1);
  EXPECT_EQ(regions[0]["lesions"]["tp"], 2);  // WT: A and the bar found; B, C missed; D false
  EXPECT_EQ(regions[0]["lesions"]["fn"], 2);
  EXPECT_EQ(regions[0]["lesions"]["fp"], 1);
  const auto [code, csv] = eval("--regions 'WT=1,2' --csv -");
  EXPECT_EQ(code, 0);
  EXPECT_NE(csv.find(",WT,WT,37,"), std::string::npos) << csv;
}

}  // namespace
}  // namespace seglens
