#include "LabelTable.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "InputError.h"

namespace seglens {
namespace {

TEST(LabelTable, ReadsAalNamesAndLutColours) {
  const std::string path = "/usr/share/mricron/templates/aal.nii.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "mricron-data not installed";
  const LabelTable t = LabelTable::load(path);
  EXPECT_EQ(t.name(1), "Precentral_L");
  EXPECT_EQ(t.name(116), "Vermis_10");
  EXPECT_EQ(t.name(0), "Background");
  // aal.nii.lut is planar: 256 reds, then greens, then blues.
  EXPECT_EQ(t.color(1)[0], 0xCC);
}

TEST(LabelTable, ParsesItkSnapDescriptions) {
  const auto t = LabelTable::parseItkSnap(
      "# ITK-SNAP Label Description File\n"
      "    0     0    0    0        0  0  0    \"Clear Label\"\n"
      "    1   255    0    0        1  1  1    \"Liver\"\n"
      "   12     0  128  255      0.5  0  1    \"Left kidney\"\n",
      "t.txt");
  EXPECT_EQ(t.name(1), "Liver");
  EXPECT_EQ(t.name(12), "Left kidney");
  EXPECT_EQ(t.color(12), (std::array<std::uint8_t, 3>{0, 128, 255}));
  EXPECT_DOUBLE_EQ(t.find(12)->opacity, 0.5);
  EXPECT_FALSE(t.find(12)->visible);
}

TEST(LabelTable, MalformedLinesNameTheFileAndLine) {
  try {
    LabelTable::parseItkSnap("1 2 3 \"x\"\n", "bad.txt");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.txt: line 1"), std::string::npos) << e.what();
  }
}

TEST(LabelTable, GeneratedColoursAreDistinctForNeighbours) {
  std::set<std::array<std::uint8_t, 3>> seen;
  for (std::uint32_t v = 1; v <= 60; ++v) seen.insert(LabelTable::generatedColor(v));
  EXPECT_EQ(seen.size(), 60u);
  EXPECT_EQ(LabelTable{}.name(7), "Label 7");
}

}  // namespace
}  // namespace seglens
