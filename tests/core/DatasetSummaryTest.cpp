// summary.json statistics and nnU-Net's summary from a hand-written cases table.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "CasesTable.h"
#include "DatasetSummary.h"

namespace seglens {
namespace {

// Three cases x two predictions, one label; dice and hd95 only (plus the counts nnU-Net needs).
CasesTable table() {
  CasesTable t;
  t.columns = {"case", "prediction", "label", "name", "status", "tp", "fp", "fn", "tn",
               "dice", "hd95", "error"};
  t.rows = {{"c0", "a", "1", "liver", "ok", "4", "0", "4", "56", "0.5", "3", ""},
            {"c0", "b", "1", "liver", "ok", "8", "0", "0", "56", "1", "1", ""},
            {"c1", "a", "1", "liver", "ok", "0", "0", "0", "64", "", "", ""},
            {"c1", "b", "1", "liver", "ok", "2", "2", "0", "60", "0.5", "7", ""},
            {"c2", "a", "", "", "error", "", "", "", "", "", "", "c2.nii.gz: corrupt"},
            {"c2", "b", "1", "liver", "ok", "1", "1", "0", "62", "0.75", "2", ""}};
  return t;
}

SummaryInput input(const CasesTable& t) {
  SummaryInput in;
  in.table = &t;
  in.caseIds = {"c0", "c1", "c2"};
  in.predictions = {"a", "b"};
  in.labels = {{"1", "liver"}};
  in.bootstrap = 100;
  in.seed = 3;
  in.ignored = {0, 0, 0};
  return in;
}

const nlohmann::json& record(const nlohmann::json& a, const std::string& p, const std::string& m) {
  for (const auto& r : a)
    if (r.value("prediction", r.value("a", "")) == p && r["metric"] == m) return r;
  throw std::runtime_error("no record");
}

TEST(DatasetSummary, CountsNullsAndOrdersWorstByDirection) {
  const CasesTable t = table();
  const auto s = DatasetSummary::statistics(input(t));
  const auto& a = record(s, "a", "dice");
  EXPECT_EQ(a["n"], 1);       // c1 is null, c2 failed (left out of both counts)
  EXPECT_EQ(a["n_null"], 1);
  const auto& b = record(s, "b", "dice");
  EXPECT_EQ(b["n"], 3);
  EXPECT_DOUBLE_EQ(b["median"].get<double>(), 0.75);
  EXPECT_EQ(b["worst"], nlohmann::json({"c1", "c2", "c0"}));  // lowest score first
  const auto& h = record(s, "b", "hd95");
  EXPECT_EQ(h["worst"], nlohmann::json({"c1", "c2", "c0"}));  // highest distance first
  EXPECT_TRUE(a["std"].is_null());                             // n = 1
}

TEST(DatasetSummary, PairedUsesCasesWhereBothHaveAValue) {
  const CasesTable t = table();
  const auto p = DatasetSummary::paired(input(t));
  const auto& d = record(p, "a", "dice");
  EXPECT_EQ(d["n"], 1);  // only c0
  EXPECT_DOUBLE_EQ(d["mean_diff"].get<double>(), -0.5);
  EXPECT_EQ(d["losses"], 1);
  EXPECT_EQ(d["wins"], 0);
  const auto& h = record(p, "a", "hd95");
  EXPECT_EQ(h["losses"], 1);  // 3 mm vs 1 mm: a is worse
  EXPECT_DOUBLE_EQ(h["wilcoxon_p"].get<double>(), 1.0);  // one difference: p = 2 * 1/2
}

TEST(DatasetSummary, NnunetWritesBareNaNAndNanMeans) {
  const CasesTable t = table();
  const std::vector<std::pair<std::string, std::string>> files{
      {"/r/c0.nii.gz", "/a/c0.nii.gz"}, {"/r/c1.nii.gz", "/a/c1.nii.gz"},
      {"/r/c2.nii.gz", "/a/c2.nii.gz"}};
  const std::string text = DatasetSummary::nnunet(input(t), 0, files);
  EXPECT_NE(text.find("\"Dice\": NaN"), std::string::npos) << text;  // c1: TP+FP+FN = 0
  EXPECT_EQ(text.find("c2.nii.gz"), std::string::npos);  // the failed case is left out
  EXPECT_EQ(text.rfind("{\n    \"foreground_mean\": {\n        \"Dice\": 0.6666666666666666,", 0),
            0u) << text.substr(0, 200);  // nanmean skips c1; 4-space indent, sorted keys
  EXPECT_NE(text.find("\"TN\": 60.0"), std::string::npos);  // a float mean, as numpy writes it
}

}  // namespace
}  // namespace seglens
