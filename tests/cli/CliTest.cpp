// `seglens-cli` end to end: exit codes, one-line errors, and the JSON/CSV contract.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <thread>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ImageIO.h"
#include "../core/TestVolumes.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

struct CliRun {
  int code = -1;
  std::string out, err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seglens-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    // Reference: two blobs; prediction: the same shifted by one voxel plus a stray label.
    g_ = test::grid(20, 16, 12, {0.9, 0.9, 2.0});
    ref_ = test::randomBlobs(g_, 2, 4, 21);
    pred_.assign(ref_.size(), 0);
    for (std::size_t i = 1; i < ref_.size(); ++i) pred_[i] = ref_[i - 1];
    pred_[g_.linearIndex(1, 1, 1)] = 5;
    saveLabelImage(LabelImage::fromLabels(g_, ref_.data()), path("ref.nii.gz"));
    saveLabelImage(LabelImage::fromLabels(g_, pred_.data()), path("pred.nii.gz"));
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  CliRun run(const std::string& args) const {
    const std::string cmd = std::string(SEGLENS_CLI) + " " + args + " >" + path("stdout") +
                            " 2>" + path("stderr");
    CliRun r;
    const int status = std::system(cmd.c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(path("stdout"));
    r.err = slurp(path("stderr"));
    return r;
  }
  static std::string slurp(const std::string& p) {
    std::ifstream in(p);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
  }

  fs::path dir_;
  Geometry g_;
  std::vector<std::uint32_t> ref_, pred_;
};

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run("").code, 2);
  EXPECT_EQ(run("eval").code, 2);
  EXPECT_EQ(run("eval " + path("ref.nii.gz") + " " + path("pred.nii.gz") + " --bogus").code, 2);
  EXPECT_EQ(run("eval a b --empty maybe").code, 2);
  EXPECT_EQ(run("--help").code, 0);
}

TEST_F(CliTest, MissingFileIsOneLineNamingTheFile) {
  const CliRun r = run("eval " + path("ref.nii.gz") + " " + path("missing.nii.gz"));
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("missing.nii.gz: file not found"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(CliTest, JsonFollowsTheContract) {
  const CliRun r = run("eval " + path("ref.nii.gz") + " " + path("pred.nii.gz") + " --json -");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["reference"], path("ref.nii.gz"));
  EXPECT_EQ(j["conventions"]["empty"], "one");
  ASSERT_EQ(j["predictions"].size(), 1u);
  const auto& p = j["predictions"][0];
  EXPECT_EQ(p["path"], path("pred.nii.gz"));
  ASSERT_EQ(p["labels"].size(), 3u);  // labels 1, 2 and the stray 5
  for (const char* key : {"label", "name", "tp", "fp", "fn", "tn", "dice", "jaccard", "f1",
                          "precision", "recall", "specificity", "fpr", "fnr", "volume_similarity",
                          "ref_volume_mm3", "pred_volume_mm3", "soft_dice", "soft_dice_loss",
                          "tversky", "empty_both"})
    EXPECT_TRUE(p["labels"][0].contains(key)) << key;
  // Counts agree with a brute force over the arrays the files were written from.
  std::uint64_t tp = 0, fp = 0, fn = 0;
  for (std::size_t i = 0; i < ref_.size(); ++i) {
    tp += ref_[i] == 1 && pred_[i] == 1;
    fp += ref_[i] != 1 && pred_[i] == 1;
    fn += ref_[i] == 1 && pred_[i] != 1;
  }
  EXPECT_EQ(p["labels"][0]["tp"], tp);
  EXPECT_EQ(p["labels"][0]["fp"], fp);
  EXPECT_EQ(p["labels"][0]["fn"], fn);
  EXPECT_DOUBLE_EQ(p["labels"][0]["dice"].get<double>(), 2.0 * tp / (2.0 * tp + fp + fn));
  // NIfTI stores spacing as float32, hence the tolerance.
  EXPECT_NEAR(p["labels"][0]["ref_volume_mm3"].get<double>(), (tp + fn) * 0.9 * 0.9 * 2.0, 1e-4);
  EXPECT_EQ(p["labels"][2]["label"], 5);
  EXPECT_TRUE(p["labels"][2]["precision"] == 0.0);
  EXPECT_TRUE(p["labels"][2]["recall"].is_null());  // label 5 is absent from the reference
  EXPECT_TRUE(p.contains("mean"));
  EXPECT_TRUE(p.contains("foreground"));
  EXPECT_EQ(p["confusion"]["labels"], nlohmann::json({0, 1, 2, 5}));
}

TEST_F(CliTest, CsvHasOneRowPerLabelPlusMeanAndForeground) {
  const CliRun r = run("eval " + path("ref.nii.gz") + " " + path("pred.nii.gz") + " " +
                    path("pred.nii.gz") + " --csv -");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream in(r.out);
  std::string header, line;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("prediction,label,name,tp,fp,fn,tn,", 0), 0u) << header;
  int rows = 0;
  while (std::getline(in, line)) ++rows;
  EXPECT_EQ(rows, 2 * (3 + 2));
}

TEST_F(CliTest, EmptyNanMakesAbsentLabelsNull) {
  const CliRun r = run("eval " + path("ref.nii.gz") + " " + path("pred.nii.gz") +
                    " --labels 1,9 --empty nan --json -");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& l9 = j["predictions"][0]["labels"][1];
  EXPECT_EQ(l9["label"], 9);
  EXPECT_TRUE(l9["empty_both"].get<bool>());
  EXPECT_TRUE(l9["dice"].is_null());
  EXPECT_EQ(j["predictions"][0]["mean"]["labels_averaged"], 1);
  const CliRun one = run("eval " + path("ref.nii.gz") + " " + path("pred.nii.gz") +
                      " --labels 9 --json -");
  EXPECT_EQ(nlohmann::json::parse(one.out)["predictions"][0]["labels"][0]["dice"], 1.0);
}

TEST_F(CliTest, MismatchedGridNeedsResample) {
  Geometry other = g_;
  other.spacing[0] = 1.2;
  saveLabelImage(LabelImage::fromLabels(other, pred_.data()), path("other.nii.gz"));
  const CliRun r = run("eval " + path("ref.nii.gz") + " " + path("other.nii.gz"));
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("other.nii.gz: grid does not match the reference: spacing differs"),
            std::string::npos)
      << r.err;
  const CliRun ok = run("eval " + path("ref.nii.gz") + " " + path("other.nii.gz") + " --resample");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.err.find("resampled"), std::string::npos) << ok.err;
}

TEST_F(CliTest, InputErrorLeavesExistingOutputUntouched) {
  std::ofstream(path("out.json")) << "previous";
  const CliRun r = run("eval " + path("ref.nii.gz") + " " + path("missing.nii.gz") + " --json " +
                    path("out.json"));
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(slurp(path("out.json")), "previous");
}

TEST_F(CliTest, CorruptInputsExitWithThree) {
  std::ofstream(path("junk.nii"), std::ios::binary) << std::string(400, '\x7f');
  EXPECT_EQ(run("eval " + path("ref.nii.gz") + " " + path("junk.nii")).code, 3);
  saveFloatImage(g_, std::vector<float>(g_.voxelCount(), 3.0f), path("float.nii.gz"));
  const CliRun f = run("eval " + path("ref.nii.gz") + " " + path("float.nii.gz"));
  EXPECT_EQ(f.code, 3);
  EXPECT_NE(f.err.find("--float-labels"), std::string::npos) << f.err;
}

TEST_F(CliTest, ProbabilityMapReportsSoftDice) {
  std::vector<float> p(g_.voxelCount());
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = pred_[i] == 1 ? 0.8f : 0.1f;
  saveFloatImage(g_, p, path("prob.nii.gz"));
  const CliRun r = run("eval " + path("ref.nii.gz") + " " + path("prob.nii.gz") +
                    " --labels 1 --json - --smooth 0");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto l = nlohmann::json::parse(r.out)["predictions"][0]["labels"][0];
  double pt = 0, ps = 0, ts = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double t = ref_[i] == 1;
    pt += double(p[i]) * t;
    ps += p[i];
    ts += t;
  }
  EXPECT_NEAR(l["soft_dice"].get<double>(), 2 * pt / (ps + ts), 1e-12);
  EXPECT_NEAR(l["soft_dice_loss"].get<double>(), 1 - 2 * pt / (ps + ts), 1e-12);
  EXPECT_NE(l["soft_dice"], l["dice"]);
}

// Every setting that changes a number is in the report, and inputs are named absolutely: a
// probability map's threshold in the JSON and the CSV, paths resolved against the working
// directory of the run (issue 11 item 9).
TEST_F(CliTest, ReportRecordsTheThresholdAndAbsolutePaths) {
  std::vector<float> p(g_.voxelCount());
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = pred_[i] == 1 ? 0.4f : 0.1f;
  saveFloatImage(g_, p, path("prob.nii.gz"));
  // Relative names, resolved against the run's working directory.
  const std::string cmd = "cd " + dir_.string() + " && " + SEGLENS_CLI +
                          " eval ref.nii.gz prob.nii.gz pred.nii.gz --threshold 0.3"
                          " --json r.json --csv r.csv";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const auto j = nlohmann::json::parse(slurp(path("r.json")));
  EXPECT_EQ(j["reference"], path("ref.nii.gz"));
  ASSERT_EQ(j["predictions"].size(), 2u);
  EXPECT_EQ(j["predictions"][0]["path"], path("prob.nii.gz"));
  EXPECT_DOUBLE_EQ(j["predictions"][0]["threshold"].get<double>(), 0.3);
  EXPECT_TRUE(j["predictions"][1]["threshold"].is_null());  // a label map has none
  const std::string csv = slurp(path("r.csv"));
  const std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_NE(header.find(",threshold"), std::string::npos) << header;
  std::istringstream rows(csv);
  std::string line;
  std::getline(rows, line);
  int probRows = 0;
  while (std::getline(rows, line)) {
    if (line.rfind(path("prob.nii.gz"), 0) == 0) {
      ++probRows;
      EXPECT_DOUBLE_EQ(std::stod(line.substr(line.rfind(',') + 1)), 0.3) << line;
    } else {
      EXPECT_EQ(line.rfind(path("pred.nii.gz"), 0), 0u) << line;
      EXPECT_EQ(line.back(), ',') << line;
    }
  }
  EXPECT_GT(probRows, 0);
}


TEST_F(CliTest, SlicesCsvSumsToGlobalCounts) {
  const CliRun r = run("slices " + path("ref.nii.gz") + " " + path("pred.nii.gz") +
                       " --axis y --label 1");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "slice,label,tp,fp,fn,dice,jaccard,f1");
  std::uint64_t tp = 0, fp = 0, fn = 0;
  int rows = 0, gaps = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    if (line.back() == ',') f.push_back("");
    ASSERT_EQ(f.size(), 8u) << line;
    tp += std::stoull(f[2]);
    fp += std::stoull(f[3]);
    fn += std::stoull(f[4]);
    gaps += f[5].empty();
    ++rows;
  }
  EXPECT_EQ(rows, int(g_.size[1]));
  std::uint64_t etp = 0, efp = 0, efn = 0;
  for (std::size_t i = 0; i < ref_.size(); ++i) {
    etp += ref_[i] == 1 && pred_[i] == 1;
    efp += ref_[i] != 1 && pred_[i] == 1;
    efn += ref_[i] == 1 && pred_[i] != 1;
  }
  EXPECT_EQ(tp, etp);
  EXPECT_EQ(fp, efp);
  EXPECT_EQ(fn, efn);
  EXPECT_EQ(run("slices " + path("ref.nii.gz") + " " + path("pred.nii.gz") + " --axis w").code, 2);
}

TEST_F(CliTest, MapWritesFloatImageAndRefusesToOverwrite) {
  const std::string cmd = "map " + path("ref.nii.gz") + " " + path("pred.nii.gz") +
                          " --label 1 --metric jaccard --window 4 --out " + path("map.nii.gz");
  const CliRun r = run(cmd);
  ASSERT_EQ(r.code, 0) << r.err;
  const Geometry g = readGeometry(path("map.nii.gz"));
  EXPECT_EQ(g.size, g_.size);
  const auto before = fs::last_write_time(path("map.nii.gz"));
  const CliRun again = run(cmd);
  EXPECT_EQ(again.code, 3);
  EXPECT_NE(again.err.find("refusing to write over"), std::string::npos) << again.err;
  EXPECT_EQ(fs::last_write_time(path("map.nii.gz")), before);
  EXPECT_EQ(run(cmd + " --overwrite").code, 0);
}

TEST_F(CliTest, ReportToDevNullLeavesTheDevice) {
  if (::access("/dev/null", W_OK) != 0) GTEST_SKIP() << "/dev/null not writable";
  const std::string pair = path("ref.nii.gz") + " " + path("pred.nii.gz");
  EXPECT_EQ(run("eval " + pair + " --csv /dev/null").code, 0);
  EXPECT_EQ(run("eval " + pair + " --json /dev/null --csv /dev/null").code, 0);
  EXPECT_EQ(run("slices " + pair + " --csv /dev/null").code, 0);
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "/dev/null was replaced";
}

TEST_F(CliTest, ReportToFifoIsWrittenThroughIt) {
  const std::string fifo = path("report.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = slurp(fifo); });
  const CliRun r = run("eval " + path("ref.nii.gz") + " " + path("pred.nii.gz") + " --csv " + fifo);
  reader.join();
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(received.find("dice"), std::string::npos) << received;
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(CliTest, LongestLegalOutputNameWorks) {
  const std::string name = std::string(245 - 4, 'r') + ".csv";
  const CliRun r = run("eval " + path("ref.nii.gz") + " " + path("pred.nii.gz") + " --csv " + path(name));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(path(name)));
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_EQ(e.path().filename().string().find(".seglens-tmp-"), std::string::npos) << e.path();
}

TEST_F(CliTest, BadOptionValuesNameTheOptionAndRange) {
  const std::string pair = path("ref.nii.gz") + " " + path("pred.nii.gz");
  const std::string map = "map " + pair + " --out " + path("m.nii.gz");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"eval " + pair + " --percentile nan", "--percentile"},
      {"eval " + pair + " --percentile inf", "--percentile"},
      {"eval " + pair + " --percentile 101", "--percentile"},
      {"eval " + pair + " --tolerance nan", "--tolerance"},
      {"eval " + pair + " --tolerance 1,inf", "--tolerance"},
      {"eval " + pair + " --threshold nan", "--threshold"},
      {"eval " + pair + " --smooth nan", "--smooth"},
      {"eval " + pair + " --smooth -1", "--smooth"},
      {"eval " + pair + " --tversky nan,0.5", "--tversky"},
      {"eval " + pair + " --threads 0", "--threads"},
      {"eval " + pair + " --labels 0", "--labels"},
      {"eval " + pair + " --labels 1,0", "--labels"},
      {"slices " + pair + " --label 0", "--label"},
      {map + " --label 0", "--label"},
      {map + " --window nan", "--window"},
      {map + " --window inf", "--window"},
      {map + " --window 3e9", "--window"},
      {map + " --window 1e300", "--window"},
      {map + " --window 0", "--window"},
      {map + " --window -2", "--window"},
  };
  const std::regex longNumber("[0-9]{12,}");
  for (const auto& [args, option] : cases) {
    SCOPED_TRACE(args);
    const CliRun r = run(args);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find(option), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("]"), std::string::npos) << r.err;  // the accepted range
    EXPECT_FALSE(std::regex_search(r.err, longNumber)) << r.err;
    EXPECT_EQ(r.err.find("windowedMap"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(path("m.nii.gz")));
}

TEST_F(CliTest, JsonAndCsvToOneFileIsRefused) {
  const CliRun r = run("eval " + path("ref.nii.gz") + " " + path("pred.nii.gz") + " --json " +
                       path("out.txt") + " --csv " + path("./out.txt"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--csv"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path("out.txt")));
}

TEST_F(CliTest, HugeMetaImageIsBlamedNotTheOutput) {
  std::ofstream(path("huge.mha"), std::ios::binary)
      << "ObjectType = Image\nNDims = 3\nDimSize = 2147483648 2147483648 2147483648\n"
         "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n"
      << std::string(1024, '\1');
  for (const std::string& cmd :
       {"eval " + path("huge.mha") + " " + path("huge.mha"),
        "map " + path("huge.mha") + " " + path("huge.mha") + " --out " + path("m.nii.gz"),
        "slices " + path("huge.mha") + " " + path("huge.mha")}) {
    SCOPED_TRACE(cmd);
    const CliRun r = run(cmd);
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_NE(r.err.find("huge.mha"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("m.nii.gz"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST_F(CliTest, TruncatedRawIsOneLineNamingIt) {
  std::ofstream(path("short.mhd")) << "ObjectType = Image\nNDims = 3\nDimSize = 20 16 12\n"
                                      "ElementType = MET_UCHAR\nElementDataFile = short.raw\n";
  std::ofstream(path("short.raw"), std::ios::binary) << std::string(20 * 16 * 12 - 1, '\0');
  const CliRun r = run("eval " + path("ref.nii.gz") + " " + path("short.mhd"));
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("short.raw"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(CliTest, DemoRefusesACorruptScan) {
  std::ofstream(path("corrupt.nii.gz"), std::ios::binary) << std::string(5000, '\x1f');
  const CliRun r = run("demo --out " + path("demo") + " --scan " + path("corrupt.nii.gz"));
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("corrupt.nii.gz"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path("demo/scan.nii.gz")));
}

}  // namespace
}  // namespace seglens
