// `seglens-cli dataset` and `merge` end to end on small generated datasets: hand-checked
// values, nnU-Net's summary, shards, --resume after a kill, --jobs, failed cases, fd limits.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "ImageIO.h"
#include "../core/TestVolumes.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

struct CliResult {
  int code = -1;
  bool killed = false;
  std::string err;
};

class DatasetCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seglens-dataset-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  // SEGLENS_TEST_KEEP=1 keeps the folder for a look at the outputs.
  void TearDown() override {
    if (!std::getenv("SEGLENS_TEST_KEEP")) fs::remove_all(dir_);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // `prefix` runs before the binary in the same shell (an environment variable, a ulimit).
  CliResult run(const std::string& args, const std::string& prefix = "") const {
    const std::string cmd = prefix + " " + std::string(SEGLENS_CLI) + " " + args + " >" +
                            path("stdout") + " 2>" + path("stderr");
    const int status = std::system(("sh -c '" + cmd + "'").c_str());
    CliResult r;
    // sh reports a child killed by signal N as exit status 128 + N.
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.killed = r.code == 128 + 9;
    r.err = slurp(path("stderr"));
    return r;
  }
  static std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
  }
  void save(const std::string& name, const Geometry& g, const std::vector<std::uint32_t>& v) {
    fs::create_directories(fs::path(path(name)).parent_path());
    saveLabelImage(LabelImage::fromLabels(g, v.data()), path(name));
  }
  // `n` cases of random blobs (labels 1..3, so some cases lack a label) and two models that
  // shift the reference by one and two voxels.
  void randomDataset(int n) {
    const Geometry g = test::grid(12, 10, 8);
    for (int c = 0; c < n; ++c) {
      char id[16];
      std::snprintf(id, sizeof id, "case%03d", c);
      const auto ref = test::randomBlobs(g, 3, 2, 100 + c);
      std::vector<std::uint32_t> a(ref.size(), 0), b(ref.size(), 0);
      for (std::size_t i = 1; i < ref.size(); ++i) a[i] = ref[i - 1];
      for (std::size_t i = 2; i < ref.size(); ++i) b[i] = ref[i - 2];
      save(std::string("ref/") + id + ".nii.gz", g, ref);
      save(std::string("A/") + id + ".nii.gz", g, a);
      save(std::string("B/") + id + ".nii.gz", g, b);
    }
  }
  std::string inputs() const {
    return "--ref " + path("ref") + " --pred a=" + path("A") + " --pred b=" + path("B");
  }
  void expectSameOutputs(const std::string& x, const std::string& y) const {
    for (const char* f : {"cases.csv", "summary.json", "nnunet/a/summary.json",
                          "nnunet/b/summary.json"}) {
      const std::string fx = slurp(path(x + "/" + f)), fy = slurp(path(y + "/" + f));
      EXPECT_FALSE(fx.empty()) << x << "/" << f;
      EXPECT_TRUE(fx == fy) << f << " differs between " << x << " and " << y;
    }
  }
  fs::path dir_;
};

std::vector<std::vector<std::string>> csvRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::string cur;
    bool q = false;
    for (char c : line) {
      if (c == '"') q = !q;
      else if (c == ',' && !q) f.push_back(cur), cur.clear();
      else cur += c;
    }
    f.push_back(cur);
    rows.push_back(f);
  }
  return rows;
}

std::string at(const std::vector<std::vector<std::string>>& rows, std::size_t r,
               const std::string& col) {
  for (std::size_t c = 0; c < rows[0].size(); ++c)
    if (rows[0][c] == col) return rows[r][c];
  return "<no column " + col + ">";
}

// Four 4x4x4 cases with known counts. Label 1: the reference is a 2x2x2 cube (8 voxels); model
// a predicts 4 of them (Dice 2*4/12), model b all 8 (Dice 1). Label 2 appears in cases 0-2
// only: in case3 it is absent from both (nnU-Net: Dice NaN). Label 3 is dataset.json's ignore
// label: model a predicts label 1 under it, which must not count as a false positive.
class HandMadeDataset : public DatasetCliTest {
 protected:
  void SetUp() override {
    DatasetCliTest::SetUp();
    const Geometry g = test::grid(4, 4, 4);
    for (int c = 0; c < 4; ++c) {
      std::vector<std::uint32_t> ref(64, 0), a(64, 0), b(64, 0);
      for (std::size_t z = 0; z < 2; ++z)
        for (std::size_t y = 0; y < 2; ++y)
          for (std::size_t x = 0; x < 2; ++x) {
            ref[g.linearIndex(x, y, z)] = b[g.linearIndex(x, y, z)] = 1;
            if (z == 0) a[g.linearIndex(x, y, z)] = 1;
          }
      if (c < 3) ref[g.linearIndex(3, 3, 3)] = a[g.linearIndex(3, 3, 3)] = b[g.linearIndex(3, 3, 3)] = 2;
      ref[g.linearIndex(3, 0, 0)] = 3;
      a[g.linearIndex(3, 0, 0)] = 1;
      const std::string id = "c" + std::to_string(c);
      save("labelsTs/" + id + ".nii.gz", g, ref);
      save("A/" + id + ".nii.gz", g, a);
      if (c != 1) save("B/" + id + ".nii.gz", g, b);  // model b misses case c1
    }
    save("A/stray.nii.gz", g, std::vector<std::uint32_t>(64, 0));  // no reference: a warning
    std::ofstream(path("dataset.json"))
        << R"({"labels": {"background": 0, "liver": 1, "tumor": 2, "both": [1, 2],)"
        << R"( "ignore": 3}, "file_ending": ".nii.gz"})";
  }
};

TEST_F(HandMadeDataset, ScoresKnownValuesRegionsIgnoreAndNnunetNaN) {
  const CliResult r = run("dataset --ref " + path("labelsTs") + " --pred a=" + path("A") +
                    " --pred b=" + path("B") + " --missing worst --bootstrap 200 --out " +
                    path("out"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("stray.nii.gz"), std::string::npos) << r.err;
  const auto rows = csvRows(slurp(path("out/cases.csv")));
  // The columns: case,prediction,label,name,status, then eval --csv's after its first three.
  const std::string header = slurp(path("out/cases.csv")).substr(0, 80);
  EXPECT_EQ(header.rfind("case,prediction,label,name,status,tp,fp,fn,tn,empty_both,dice,", 0), 0u);
  EXPECT_EQ(rows[0].back(), "error");
  ASSERT_EQ(rows.size(), 1u + 4 * 2 * 3);  // 4 cases x 2 models x (liver, tumor, both)
  // c0, model a: liver row first, then tumor, then the region.
  EXPECT_EQ(at(rows, 1, "case"), "c0");
  EXPECT_EQ(at(rows, 1, "name"), "liver");
  EXPECT_EQ(at(rows, 1, "tp"), "4");
  EXPECT_EQ(at(rows, 1, "fp"), "0");  // the label-1 voxel under the ignore label is not counted
  EXPECT_EQ(at(rows, 1, "fn"), "4");
  EXPECT_NEAR(std::stod(at(rows, 1, "dice")), 8.0 / 12.0, 1e-12);
  EXPECT_EQ(at(rows, 3, "label"), "(1, 2)");
  EXPECT_EQ(at(rows, 3, "name"), "both");
  EXPECT_EQ(at(rows, 3, "tp"), "5");
  // c1, model b is missing: scored as an empty prediction.
  EXPECT_EQ(at(rows, 10, "case"), "c1");
  EXPECT_EQ(at(rows, 10, "prediction"), "b");
  EXPECT_EQ(at(rows, 10, "status"), "missing");
  EXPECT_EQ(at(rows, 10, "dice"), "0");

  const std::string nn = slurp(path("out/nnunet/a/summary.json"));
  const auto j = nlohmann::json::parse(
      std::regex_replace(nn, std::regex("NaN"), "null"));  // nlohmann reads no bare NaN
  EXPECT_NE(nn.find("\"Dice\": NaN"), std::string::npos);  // c3's tumor: TP+FP+FN = 0
  EXPECT_NEAR(j["mean"]["1"]["Dice"].get<double>(), 8.0 / 12.0, 1e-12);
  EXPECT_NEAR(j["mean"]["2"]["Dice"].get<double>(), 1.0, 1e-12);   // NaN skipped
  EXPECT_NEAR(j["foreground_mean"]["Dice"].get<double>(),
              (8.0 / 12.0 + 1.0 + j["mean"]["(1, 2)"]["Dice"].get<double>()) / 3.0, 1e-12);
  EXPECT_EQ(j["metric_per_case"].size(), 4u);
  EXPECT_EQ(j["metric_per_case"][0]["metrics"]["1"]["n_ref"], 8);
  EXPECT_EQ(j["metric_per_case"][0]["metrics"]["1"]["n_pred"], 4);
  // nnU-Net's TN leaves out the ignored voxel; cases.csv counts it as background.
  EXPECT_EQ(j["metric_per_case"][0]["metrics"]["1"]["TN"], 55);
  EXPECT_EQ(at(rows, 1, "tn"), "56");

  const auto s = nlohmann::json::parse(slurp(path("out/summary.json")));
  bool found = false;
  for (const auto& rec : s["statistics"])
    if (rec["prediction"] == "a" && rec["label"] == "1" && rec["metric"] == "dice") {
      found = true;
      EXPECT_EQ(rec["n"], 4);
      EXPECT_NEAR(rec["mean"].get<double>(), 8.0 / 12.0, 1e-12);
      EXPECT_NEAR(rec["ci95"][0].get<double>(), 8.0 / 12.0, 1e-12);
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(s["missing"].size(), 1u);
  EXPECT_FALSE(s["paired"].empty());
}

TEST_F(HandMadeDataset, MissingErrorFailsBeforeAnyWork) {
  const CliResult r = run("dataset --ref " + path("labelsTs") + " --pred a=" + path("A") +
                    " --pred b=" + path("B") + " --out " + path("out"));
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("c1 (b)"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path("out")));
}

TEST_F(HandMadeDataset, SkipLeavesTheCaseOutOfCountsAndNnunet) {
  const CliResult r = run("dataset --ref " + path("labelsTs") + " --pred a=" + path("A") +
                    " --pred b=" + path("B") + " --missing skip --bootstrap 10 --out " +
                    path("out"));
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(std::regex_replace(
      slurp(path("out/nnunet/b/summary.json")), std::regex("NaN"), "null"));
  EXPECT_EQ(j["metric_per_case"].size(), 3u);
  const auto s = nlohmann::json::parse(slurp(path("out/summary.json")));
  for (const auto& rec : s["statistics"])
    if (rec["prediction"] == "b" && rec["metric"] == "dice" && rec["label"] == "1")
      EXPECT_EQ(rec["n"].get<int>() + rec["n_null"].get<int>(), 3);
}

TEST_F(DatasetCliTest, ShardsMergeToTheSameFilesAsOneRun) {
  randomDataset(5);
  ASSERT_EQ(run("dataset " + inputs() + " --bootstrap 50 --out " + path("one")).code, 0);
  for (int n : {1, 2, 3, 7}) {  // 7 > 5 cases: two shards are empty
    std::string dirs;
    for (int i = 0; i < n; ++i) {
      const std::string d = path("s" + std::to_string(n) + "-" + std::to_string(i));
      const CliResult r = run("dataset " + inputs() + " --bootstrap 50 --shard " + std::to_string(i) +
                        "/" + std::to_string(n) + " --out " + d);
      ASSERT_EQ(r.code, 0) << r.err;
      dirs += " " + d;
    }
    const CliResult m = run("merge" + dirs + " --out " + path("m" + std::to_string(n)));
    ASSERT_EQ(m.code, 0) << m.err;
    expectSameOutputs("one", "m" + std::to_string(n));
  }
  // A shard missing or another run's shard is refused.
  EXPECT_EQ(run("merge " + path("s2-0") + " --out " + path("bad")).code, 3);
  EXPECT_EQ(run("merge " + path("s2-0") + " " + path("s3-1") + " --out " + path("bad")).code, 3);
  EXPECT_EQ(run("merge " + path("s2-0") + " " + path("s2-0") + " --out " + path("bad")).code, 3);
  // A shard killed half way is refused until it is resumed to the end.
  const CliResult killed = run("dataset " + inputs() + " --bootstrap 50 --jobs 1 --shard 0/2 --out " +
                                   path("k0"),
                               "SEGLENS_TEST_KILL_AFTER=1");
  ASSERT_TRUE(killed.killed) << killed.err;
  const CliResult refused = run("merge " + path("k0") + " " + path("s2-1") + " --out " + path("bad"));
  EXPECT_EQ(refused.code, 3);
  EXPECT_NE(refused.err.find("did not finish"), std::string::npos) << refused.err;
  ASSERT_EQ(run("dataset " + inputs() + " --bootstrap 50 --shard 0/2 --resume --out " + path("k0")).code, 0);
  ASSERT_EQ(run("merge " + path("k0") + " " + path("s2-1") + " --out " + path("mk")).code, 0);
  expectSameOutputs("one", "mk");
  EXPECT_FALSE(fs::exists(path("bad")));
}

TEST_F(DatasetCliTest, JobsDoNotChangeABit) {
  randomDataset(6);
  ASSERT_EQ(run("dataset " + inputs() + " --jobs 1 --bootstrap 50 --out " + path("j1")).code, 0);
  ASSERT_EQ(run("dataset " + inputs() + " --jobs 4 --bootstrap 50 --out " + path("j4")).code, 0);
  expectSameOutputs("j1", "j4");
}

TEST_F(DatasetCliTest, ResumeAfterAKillGivesTheUninterruptedFiles) {
  randomDataset(6);
  ASSERT_EQ(run("dataset " + inputs() + " --bootstrap 50 --out " + path("full")).code, 0);
  // The test hook SIGKILLs the process once 2 cases are checkpointed, others still in flight.
  const CliResult killed = run("dataset " + inputs() + " --jobs 2 --bootstrap 50 --out " +
                             path("part"),
                         "SEGLENS_TEST_KILL_AFTER=2");
  ASSERT_TRUE(killed.killed) << killed.code << " " << killed.err;
  EXPECT_FALSE(fs::exists(path("part/summary.json")));
  EXPECT_EQ(run("dataset " + inputs() + " --bootstrap 50 --out " + path("part")).code, 3)
      << "an existing folder needs --resume or --overwrite";
  const CliResult resumed = run("dataset " + inputs() + " --bootstrap 50 --resume --out " + path("part"));
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("(2 kept"), std::string::npos) << resumed.err;
  expectSameOutputs("full", "part");
  // Resuming a finished run computes nothing and writes the same files again.
  const CliResult again = run("dataset " + inputs() + " --bootstrap 50 --resume --out " + path("part"));
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.err.find("6/6 cases (6 kept"), std::string::npos) << again.err;
  expectSameOutputs("full", "part");
  // A cases.csv without its manifest cannot be checked: refused.
  fs::create_directories(path("bare"));
  fs::copy_file(path("full/cases.csv"), path("bare/cases.csv"));
  EXPECT_EQ(run("dataset " + inputs() + " --resume --out " + path("bare")).code, 3);
  // Resuming with other options is refused.
  EXPECT_EQ(run("dataset " + inputs() + " --bootstrap 50 --no-distances --resume --out " +
                path("part")).code, 3);
}

TEST_F(DatasetCliTest, CorruptCaseIsAnErrorRowAndExitThree) {
  randomDataset(3);
  std::ofstream(path("ref/case001.nii.gz"), std::ios::trunc) << std::string(300, '\x1f');
  const CliResult r = run("dataset " + inputs() + " --bootstrap 10 --out " + path("out"));
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("case001 (a)"), std::string::npos) << r.err;
  const auto rows = csvRows(slurp(path("out/cases.csv")));
  int errors = 0, ok = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (at(rows, i, "status") == "error") {
      ++errors;
      EXPECT_NE(at(rows, i, "error").find("case001.nii.gz"), std::string::npos);
    }
    ok += at(rows, i, "status") == "ok";
  }
  EXPECT_EQ(errors, 2);  // one per model
  EXPECT_GT(ok, 0);
}

TEST_F(DatasetCliTest, ThreeHundredCasesWithACorruptThirdUnderSixtyFourFds) {
  const Geometry g = test::grid(6, 6, 6);
  for (int c = 0; c < 300; ++c) {
    char id[16];
    std::snprintf(id, sizeof id, "c%03d", c);
    const auto ref = test::randomBlobs(g, 2, 1, c);
    if (c % 3 == 0) {
      fs::create_directories(path("ref"));
      std::ofstream(path(std::string("ref/") + id + ".nii.gz")) << std::string(100, '\x1f');
    } else {
      save(std::string("ref/") + id + ".nii.gz", g, ref);
    }
    save(std::string("A/") + id + ".nii.gz", g, ref);
  }
  const CliResult r = run("dataset --ref " + path("ref") + " --pred " + path("A") +
                        " --no-distances --bootstrap 10 --jobs 4 --out " + path("out"),
                    "ulimit -n 64;");
  EXPECT_EQ(r.code, 3) << r.err;
  const auto rows = csvRows(slurp(path("out/cases.csv")));
  int errors = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) errors += at(rows, i, "status") == "error";
  EXPECT_EQ(errors, 100);
  EXPECT_NE(r.err.find("100 failed"), std::string::npos) << r.err.substr(0, 400);
}

}  // namespace
}  // namespace seglens
