// Dataset building blocks: dataset.json, case discovery, shards, cases.csv round trips.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "CasesTable.h"
#include "DatasetCases.h"
#include "DatasetSpec.h"
#include "InputError.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

TEST(DatasetSpec, ReadsLabelsRegionsAndIgnore) {
  const DatasetSpec s = DatasetSpec::parse(
      R"({"labels": {"background": 0, "necrosis": 2, "core": [2, 3], "whole_tumor": [1, 2, 3],
          "enhancing": [3], "edema": 1, "ignore": 4}})",
      "dataset.json");
  ASSERT_TRUE(s.ignore);
  EXPECT_EQ(*s.ignore, 4u);
  EXPECT_EQ(s.plainLabels(), (std::vector<std::uint32_t>{1, 2}));
  ASSERT_EQ(s.labels.size(), 5u);
  EXPECT_EQ(s.labels[0].key(), "1");
  EXPECT_EQ(s.labels[1].key(), "2");
  // Regions in the file's order; keys as Python's str of the tuple.
  EXPECT_EQ(s.labels[2].key(), "(2, 3)");
  EXPECT_EQ(s.labels[3].key(), "(1, 2, 3)");
  EXPECT_EQ(s.labels[4].key(), "(3,)");
  EXPECT_EQ(s.labels[4].name, "enhancing");
  EXPECT_TRUE(s.hasRegions());
}

TEST(DatasetSpec, BadFilesNameTheFile) {
  EXPECT_THROW(DatasetSpec::parse("{", "d.json"), InputError);
  EXPECT_THROW(DatasetSpec::parse(R"({"labels": {"a": -1}})", "d.json"), InputError);
  EXPECT_THROW(DatasetSpec::parse(R"({"labels": {"a": []}})", "d.json"), InputError);
  try {
    DatasetSpec::parse(R"({"name": "x"})", "/data/d.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "/data/d.json");
  }
  EXPECT_THROW(DatasetSpec::load("/nonexistent/dataset.json"), InputError);
}

TEST(DatasetCases, CaseIdsDropKnownExtensions) {
  EXPECT_EQ(DatasetCases::caseId("BraTS_001.nii.gz"), "BraTS_001");
  EXPECT_EQ(DatasetCases::caseId("a.seg.nrrd"), "a");
  EXPECT_EQ(DatasetCases::caseId("a.nrrd"), "a");
  EXPECT_EQ(DatasetCases::caseId("a.mha"), "a");
  EXPECT_EQ(DatasetCases::caseId("a.mhd"), "a");
  EXPECT_EQ(DatasetCases::caseId("a.nii"), "a");
  EXPECT_EQ(DatasetCases::caseId("notes.txt"), "");
  EXPECT_EQ(DatasetCases::caseId(".nii.gz"), "");
}

TEST(DatasetCases, ShardsPartitionTheSortedList) {
  for (std::size_t n : {1u, 2u, 3u, 7u}) {
    std::vector<int> seen(5, 0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t c : DatasetCases::shard(5, i, n)) ++seen[c];
    EXPECT_EQ(seen, std::vector<int>(5, 1)) << n;
  }
  EXPECT_TRUE(DatasetCases::shard(5, 6, 7).empty());
}

TEST(DatasetCases, DiscoversPairsMissingAndStrays) {
  const fs::path d = fs::temp_directory_path() / ("seglens-cases-" + std::to_string(::getpid()));
  fs::remove_all(d);
  for (const char* f : {"ref/a.nii.gz", "ref/b.nii.gz", "ref/readme.txt", "p/a.nii.gz",
                        "p/z.nii.gz", "img/a_0000.nii.gz"}) {
    fs::create_directories((d / f).parent_path());
    std::ofstream(d / f) << "x";
  }
  const auto cases = DatasetCases::discover((d / "ref/").string(), {{"m", (d / "p").string()}},
                                            (d / "img").string());
  ASSERT_EQ(cases.cases.size(), 2u);
  EXPECT_EQ(cases.cases[0].id, "a");
  EXPECT_EQ(cases.cases[0].predictions[0], (d / "p/a.nii.gz").string());
  EXPECT_EQ(cases.cases[0].image, (d / "img/a_0000.nii.gz").string());
  EXPECT_EQ(cases.cases[1].predictions[0], "");
  EXPECT_EQ(cases.missing({{"m", ""}}), std::vector<std::string>{"b (m)"});
  ASSERT_EQ(cases.warnings.size(), 1u);
  EXPECT_NE(cases.warnings[0].find("z.nii.gz"), std::string::npos);
  EXPECT_THROW(DatasetCases::discover((d / "nope").string(), {}, ""), InputError);
  std::ofstream(d / "ref/a.nii") << "x";  // two files of one case
  EXPECT_THROW(DatasetCases::discover((d / "ref").string(), {}, ""), InputError);
  fs::remove_all(d);
}

TEST(CasesTable, RoundTripsQuotedFieldsAndRefusesTruncation) {
  CasesTable t;
  t.columns = {"case", "label", "error"};
  t.rows = {{"c1", "(1, 2)", "a \"quoted\" message, with a comma"}, {"c2", "3", ""}};
  const std::string text = t.serialize();
  const CasesTable back = CasesTable::parse(text, "cases.csv");
  EXPECT_EQ(back.columns, t.columns);
  EXPECT_EQ(back.rows, t.rows);
  EXPECT_EQ(back.serialize(), text);
  EXPECT_THROW(CasesTable::parse(text.substr(0, 20), "cases.csv"), InputError);
  EXPECT_THROW(CasesTable::parse("case,label\nc1\n", "cases.csv"), InputError);
}

TEST(CasesTable, ColumnsAreEvalsAfterCasePredictionLabelNameStatus) {
  Conventions c;
  const CasesTable t = CasesTable::withColumns(c);
  ASSERT_GT(t.columns.size(), 10u);
  EXPECT_EQ(t.columns[0], "case");
  EXPECT_EQ(t.columns[4], "status");
  EXPECT_EQ(t.columns[5], "tp");
  EXPECT_EQ(t.columns.back(), "error");
  EXPECT_EQ(t.columns[t.columns.size() - 2], "threshold");
  c.distances = false;
  EXPECT_EQ(CasesTable::withColumns(c).column("hd95"), -1);
}

}  // namespace
}  // namespace seglens
