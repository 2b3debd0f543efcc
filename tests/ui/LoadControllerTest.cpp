// LoadController without a window: the loading workflow's decisions that need no dialog. It
// lives in the widgets layer (it owns the dialogs), so this test links seglens_widgets while the
// model tests link no widget or VTK library.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <vector>

#include "ImageIO.h"
#include "LabelTable.h"
#include "model/ViewerModel.h"
#include "widgets/LoadController.h"

namespace seglens {
namespace {

bool waitUntil(const std::function<bool()>& done, int ms = 20000) { return QTest::qWaitFor(done, ms); }

LabelImage twoLabels() {
  Geometry g;
  g.size = {6, 6, 4};
  std::vector<std::uint32_t> v(g.voxelCount(), 0);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = i % 3 == 0 ? 1 : (i % 5 == 0 ? 2 : 0);
  return LabelImage::fromLabels(g, v.data());
}

// Issue 11, item 11: the viewer's loader finds aal.nii.txt beside aal.nii.gz as the CLI does (the
// loading jobs need this binary's event loop, hence here).
TEST(LoadController, UsesTheLabelTableBesideTheGroundTruthAsTheCliDoes) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("seglens-sibling-" + std::to_string(QCoreApplication::applicationPid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string gtPath = (dir / "aal.nii.gz").string();
  saveLabelImage(twoLabels(), gtPath);
  {
    std::ofstream(dir / "aal.nii.txt") << "1 Precentral_L 2001\n2 Precentral_R 2002\n";
  }
  ASSERT_EQ(LabelTable::findBeside(gtPath), (dir / "aal.nii.txt").string());  // what the CLI uses
  ViewerModel m;
  LoadController loads(m, nullptr);
  loads.setScripted(true);
  loads.open(QString::fromStdString(gtPath), LayerRole::GroundTruth);
  ASSERT_TRUE(waitUntil([&] { return !loads.busy() && m.groundTruth(); }));
  EXPECT_EQ(m.labelName(1).toStdString(), "Precentral_L");
  EXPECT_EQ(m.labelName(2).toStdString(), "Precentral_R");
  EXPECT_EQ(m.labelTablePath().toStdString(), (dir / "aal.nii.txt").string());
  // A table the user opened is kept when a GT with another table beside it loads.
  { std::ofstream(dir / "mine.txt") << "1 Mine\n"; }
  ASSERT_TRUE(loads.openLabelTable(QString::fromStdString((dir / "mine.txt").string())));
  loads.open(QString::fromStdString(gtPath), LayerRole::GroundTruth);
  ASSERT_TRUE(waitUntil([&] { return !loads.busy(); }));
  EXPECT_EQ(m.labelName(1).toStdString(), "Mine");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace seglens

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
