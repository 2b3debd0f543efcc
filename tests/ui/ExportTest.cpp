// Export figures and data: rendered with the viewer's scenes offscreen (run under xvfb-run), the
// pixels at known voxels carry the expected overlay colours, annotations change only their
// corners, montages have the requested tiles, and CSV/JSON exports equal `seglens-cli` output.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "DemoCase.h"
#include "render/ErrorSlicePipeline.h"
#include "render/Figure.h"
#include "FigureMetrics.h"
#include "ImageIO.h"
#include "render/Montage.h"
#include "render/OverlayColors.h"
#include "Report.h"
#include "render/SliceScene.h"
#include "model/ViewerModel.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

using Rgb = std::array<std::uint8_t, 3>;

bool near(const Rgb& a, const Rgb& b, int tol = 3) {
  for (int c = 0; c < 3; ++c)
    if (std::abs(int(a[c]) - int(b[c])) > tol) return false;
  return true;
}

std::string str(const Rgb& c) {
  return std::to_string(c[0]) + "," + std::to_string(c[1]) + "," + std::to_string(c[2]);
}

// 40x40x10 voxels of 1 mm. GT: label 1 on i,j in [10,20) and k in [2,8); prediction: the same
// block shifted by 5 voxels along i (so i in [10,15) is FN, [15,20) TP, [20,25) FP); a second
// prediction identical to the GT.
class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seglens-export-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    g_.size = {40, 40, 10};
    std::vector<std::uint32_t> gt(g_.voxelCount(), 0), pred(g_.voxelCount(), 0);
    for (std::size_t k = 2; k < 8; ++k)
      for (std::size_t j = 10; j < 20; ++j)
        for (std::size_t i = 10; i < 20; ++i) {
          gt[g_.linearIndex(i, j, k)] = 1;
          pred[g_.linearIndex(i + 5, j, k)] = 1;
        }
    gt_ = std::make_shared<LabelImage>(LabelImage::fromLabels(g_, gt.data()));
    pred_ = std::make_shared<LabelImage>(LabelImage::fromLabels(g_, pred.data()));
    model_.setGroundTruth(gt_, "gt.nii.gz");
    predId_ = model_.addPrediction(pred_, "pred.nii.gz");
    perfectId_ = model_.addPrediction(gt_, "perfect.nii.gz");
    // Opaque overlays: the pixel is the overlay colour itself, not a blend with the scan.
    model_.setLayerOpacity(model_.groundTruth()->id, 1.0);
    model_.setLayerOpacity(predId_, 1.0);
    model_.setCrosshair(g_.indexToPhysical(5, 5, 5));
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  RgbImage render(const FigureRequest& r, FigureInfo* info = nullptr) {
    return renderFigure(model_, r, data_, renderer_, info);
  }
  Rgb pixelOfVoxel(const RgbImage& im, double i, double j, double k) {
    const auto p = figurePixel(model_, ViewAxis::Axial, im.width, im.height, g_.indexToPhysical(i, j, k));
    return im.pixel(int(p[0]), int(p[1]));
  }

  fs::path dir_;
  Geometry g_;
  std::shared_ptr<LabelImage> gt_, pred_;
  ViewerModel model_;
  int predId_ = 0, perfectId_ = 0;
  FigureData data_;
  OffscreenRenderer renderer_;
};

FigureRequest bareAxial(int w, int h) {
  FigureRequest r;
  r.kind = FigureKind::View;
  r.view = ViewId::Axial;
  r.width = w;
  r.height = h;
  r.annotate = false;
  return r;
}

TEST_F(ExportTest, ErrorMapPixelsHaveTheTpFpFnColours) {
  model_.setDisplayMode(DisplayMode::ErrorMap);
  const RgbImage im = render(bareAxial(400, 300));
  ASSERT_EQ(im.width, 400);
  ASSERT_EQ(im.height, 300);
  EXPECT_TRUE(near(pixelOfVoxel(im, 17, 15, 5), colors::kTruePositive)) << str(pixelOfVoxel(im, 17, 15, 5));
  EXPECT_TRUE(near(pixelOfVoxel(im, 22, 15, 5), colors::kFalsePositive)) << str(pixelOfVoxel(im, 22, 15, 5));
  EXPECT_TRUE(near(pixelOfVoxel(im, 12, 15, 5), colors::kFalseNegative)) << str(pixelOfVoxel(im, 12, 15, 5));
  EXPECT_TRUE(near(pixelOfVoxel(im, 30, 30, 5), {0, 0, 0})) << "no scan: background stays black";
  // Outside the label's slices nothing is coloured.
  const RgbImage empty = [&] {
    model_.setCrosshair(g_.indexToPhysical(5, 5, 0));
    return render(bareAxial(400, 300));
  }();
  EXPECT_TRUE(near(pixelOfVoxel(empty, 17, 15, 0), {0, 0, 0}));
}

TEST_F(ExportTest, LabelModeShowsTheGtColourAndMagnifiedExportsRenderAtSize) {
  model_.setLayerVisible(predId_, false);
  const Rgb gt = model_.labelColor(1);
  for (int m : {1, 2, 4}) {
    const RgbImage im = render(bareAxial(200 * m, 150 * m));
    ASSERT_EQ(im.width, 200 * m);
    ASSERT_EQ(im.height, 150 * m);
    EXPECT_TRUE(near(pixelOfVoxel(im, 12, 15, 5), gt)) << m << "x: " << str(pixelOfVoxel(im, 12, 15, 5));
    EXPECT_TRUE(near(pixelOfVoxel(im, 30, 12, 5), {0, 0, 0})) << m << "x";
  }
}

// Issue 15, item 2: the selected label stands out whatever its own colour (an opaque outline in
// colors::kFocusOutline on the GT's edge), and a prediction's outline of it has the
// prediction's colour, not the label's, so it is not read as the GT fill.
TEST_F(ExportTest, TheSelectedLabelStandsOutAndPredictionOutlinesAreTheirOwn) {
  model_.setLayerVisible(perfectId_, false);
  model_.setLayerOpacity(model_.groundTruth()->id, 0.5);
  model_.setSelectedLabel(1);
  const RgbImage im = render(bareAxial(400, 300));
  EXPECT_TRUE(near(pixelOfVoxel(im, 10, 15, 5), colors::kFocusOutline)) << str(pixelOfVoxel(im, 10, 15, 5));
  EXPECT_TRUE(near(pixelOfVoxel(im, 24, 15, 5), colors::predictionColor(0))) << str(pixelOfVoxel(im, 24, 15, 5));
  // Contrast: the outline differs from the label's own colour by far more than a shade.
  const Rgb label = model_.labelColor(1), outline = pixelOfVoxel(im, 10, 15, 5);
  int diff = 0;
  for (int c = 0; c < 3; ++c) diff += std::abs(int(label[std::size_t(c)]) - int(outline[std::size_t(c)]));
  EXPECT_GT(diff, 150);
  // Without a selection nothing is outlined in the focus colour.
  model_.setSelectedLabel(0);
  const RgbImage plain = render(bareAxial(400, 300));
  EXPECT_FALSE(near(pixelOfVoxel(plain, 10, 15, 5), colors::kFocusOutline));
}

TEST_F(ExportTest, AnnotationsChangeTheCornersNotTheImage) {
  model_.setDisplayMode(DisplayMode::ErrorMap);
  model_.setSelectedLabel(1);
  data_.metrics[predId_] = figureMetrics(*gt_, *pred_, 1, LabelTable{});
  FigureRequest r = bareAxial(500, 500);
  const RgbImage bare = render(r);
  r.annotate = true;
  const RgbImage annotated = render(r);
  ASSERT_EQ(annotated.width, 500);
  auto differing = [&](int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) n += bare.pixel(x, y) != annotated.pixel(x, y);
    return n;
  };
  EXPECT_GT(differing(0, 0, 250, 50), 300) << "title and metrics, top-left";
  EXPECT_GT(differing(0, 440, 200, 500), 200) << "scale bar and slice position, bottom-left";
  EXPECT_GT(differing(300, 400, 500, 500), 200) << "legend, bottom-right";
  EXPECT_EQ(bare.pixel(250, 250), annotated.pixel(250, 250)) << "the image itself is unchanged";
  // Not blank: background, scan-free slice, three overlay colours and text.
  std::set<Rgb> distinct;
  for (int y = 0; y < annotated.height; y += 2)
    for (int x = 0; x < annotated.width; x += 2) distinct.insert(annotated.pixel(x, y));
  EXPECT_GT(distinct.size(), 20u);
}

TEST_F(ExportTest, MontageHasOneTilePerRequestedSlice) {
  model_.setDisplayMode(DisplayMode::ErrorMap);
  model_.setSelectedLabel(1);
  FigureRequest r;
  r.kind = FigureKind::Montage;
  r.view = ViewId::Axial;
  r.width = 800;
  r.height = 600;
  r.montageCount = 4;
  FigureInfo info;
  RgbImage im = render(r, &info);
  ASSERT_EQ(im.width, 800);
  ASSERT_EQ(im.height, 600);
  EXPECT_EQ(info.tiles, 4);
  // The label covers k = 2..7; axial slices increase towards S, which is +k here.
  const SliceGrid grid = makeSliceGrid(g_, ViewAxis::Axial, model_.convention());
  const int k2 = grid.sliceOf(g_.indexToPhysical(0, 0, 2)), k7 = grid.sliceOf(g_.indexToPhysical(0, 0, 7));
  EXPECT_EQ(info.slices.front(), std::min(k2, k7));
  EXPECT_EQ(info.slices.back(), std::max(k2, k7));
  EXPECT_EQ(info.columns * info.rows >= 4, true);
  // Every tile shows TP pixels (blue) somewhere.
  const int tileW = (800 - (info.columns - 1) * 2) / info.columns;
  const int tileH = (600 - info.headerHeight - 2 - (info.rows - 1) * 2) / info.rows;
  for (int t = 0; t < info.tiles; ++t) {
    const int x0 = (t % info.columns) * (tileW + 2), y0 = info.headerHeight + 2 + (t / info.columns) * (tileH + 2);
    bool blue = false;
    for (int y = y0; y < y0 + tileH && !blue; ++y)
      for (int x = x0; x < x0 + tileW && !blue; ++x) blue = near(im.pixel(x, y), colors::kTruePositive, 40);
    EXPECT_TRUE(blue) << "tile " << t;
  }
  r.montageStep = 2;
  render(r, &info);
  EXPECT_EQ(info.tiles, 3);  // 2, 4, 6 of 2..7
  EXPECT_EQ(montageSlices(0, 10, 0, 5), (std::vector<int>{0, 5, 10}));
  EXPECT_EQ(montageSlices(3, 9, 3, 0), (std::vector<int>{3, 6, 9}));
  // Per-slice Dice of a tile: 5x10 TP, 10x10 on each side.
  EXPECT_DOUBLE_EQ(*sliceOverlap(model_, grid, k2, predId_, 1).dice(), 0.5);
  // A PNG round trip keeps size and pixels.
  writePng(im, path("montage.png"));
  EXPECT_THROW(writePng(im, path("montage.png")), std::runtime_error);
  const RgbImage back = readPng(path("montage.png"));
  EXPECT_EQ(back.width, 800);
  EXPECT_EQ(back.rgb, im.rgb);
}

// Issue 11, item 6: a montage is framed on its label whatever the view's zoom and pan, and each
// tile carries the 2D Dice of the slice it shows.
TEST_F(ExportTest, MontageIgnoresTheViewCameraAndScoresEachTileBySlice) {
  // A prediction drifting along i with k, so every slice scores differently.
  std::vector<std::uint32_t> drift(g_.voxelCount(), 0);
  for (std::size_t k = 2; k < 8; ++k)
    for (std::size_t j = 10; j < 20; ++j)
      for (std::size_t i = 10; i < 20; ++i) drift[g_.linearIndex(i + (k - 2), j, k)] = 1;
  auto pred = std::make_shared<const LabelImage>(LabelImage::fromLabels(g_, drift.data()));
  const int id = model_.addPrediction(pred, "drift.nii.gz");
  model_.setActivePrediction(id);
  model_.setSelectedLabel(1);
  FigureRequest r;
  r.kind = FigureKind::Montage;
  r.width = 800;
  r.height = 600;
  r.montageCount = 6;
  FigureInfo framed, moved;
  const RgbImage a = render(r, &framed);
  model_.setCamera(ViewAxis::Axial, {4.0, 14.0, -11.0});  // the user zoomed into a corner
  const RgbImage b = render(r, &moved);
  EXPECT_EQ(moved.slices, framed.slices);
  EXPECT_EQ(moved.sliceDice, framed.sliceDice);
  EXPECT_TRUE(a.rgb == b.rgb) << "the montage changed with the view's zoom and pan";
  // Brute force: the 2D Dice of label 1 on the index slice each tile shows.
  const SliceGrid grid = makeSliceGrid(g_, ViewAxis::Axial, model_.convention());
  ASSERT_EQ(framed.sliceDice.size(), framed.slices.size());
  std::set<double> distinct;
  for (std::size_t t = 0; t < framed.slices.size(); ++t) {
    const Vec3 centre = grid.toPhysical(grid.x0, grid.y0, grid.sliceDepth(framed.slices[t]));
    const std::size_t k = std::size_t(std::lround(g_.physicalToIndex(centre)[2]));
    std::uint64_t tp = 0, ref = 0, pr = 0;
    for (std::size_t j = 0; j < g_.size[1]; ++j)
      for (std::size_t i = 0; i < g_.size[0]; ++i) {
        const bool inRef = gt_->labelAt(g_.linearIndex(i, j, k)) == 1;
        const bool inPred = pred->labelAt(g_.linearIndex(i, j, k)) == 1;
        tp += inRef && inPred;
        ref += inRef;
        pr += inPred;
      }
    ASSERT_TRUE(framed.sliceDice[t]) << "tile " << t;
    EXPECT_DOUBLE_EQ(*framed.sliceDice[t], 2.0 * double(tp) / double(ref + pr)) << "tile " << t;
    distinct.insert(*framed.sliceDice[t]);
  }
  EXPECT_GE(distinct.size(), 4u) << "per-tile Dice should follow the slices";
}

TEST_F(ExportTest, CompareHasTheGtAndEveryPrediction) {
  FigureRequest r;
  r.kind = FigureKind::Compare;
  r.width = 900;
  r.height = 400;
  FigureInfo info;
  const RgbImage im = render(r, &info);
  EXPECT_EQ(im.width, 900);
  EXPECT_EQ(info.tiles, 3);
  model_.removePrediction(perfectId_);
  model_.removePrediction(predId_);
  EXPECT_THROW(render(r), std::runtime_error);
}

// --- The error map on the demo case (issue 11, item 10) -----------------------------------------

std::string demoDir() {
  const char* work = std::getenv("SEGLENS_TEST_WORK");
  return (work ? fs::path(work) : fs::temp_directory_path() / "seglens-ui-test").string() + "/demo";
}

// A voxel of the current slice whose 3x3 in-plane neighbourhood all satisfies `pred` (so the
// pixel at its centre is not an edge), searched from the volume's centre slice outwards.
std::optional<std::array<std::size_t, 3>> interiorVoxel(const Geometry& g,
                                                         const std::function<bool(std::size_t)>& pred) {
  const long nk = long(g.size[2]);
  for (long d = 0; d < nk; ++d) {
    const long k = (nk / 2 + (d % 2 ? -(d + 1) / 2 : d / 2) + nk) % nk;
    for (std::size_t j = 1; j + 1 < g.size[1]; ++j)
      for (std::size_t i = 1; i + 1 < g.size[0]; ++i) {
        bool all = true;
        for (int dj = -1; dj <= 1 && all; ++dj)
          for (int di = -1; di <= 1 && all; ++di)
            all = pred(g.linearIndex(i + di, j + dj, std::size_t(k)));
        if (all) return std::array<std::size_t, 3>{i, j, std::size_t(k)};
      }
  }
  return std::nullopt;
}

TEST(ErrorMapOnDemo, SelectedLabelScopesTheErrorMapInViewsAndCompareViews) {
  if (!fs::exists(DemoSources{}.scan)) GTEST_SKIP() << "demo sources (mricron templates) not installed";
  const std::string dir = demoDir();
  fs::create_directories(dir);
  writeDemoCase(dir);
  ViewerModel m;
  auto gt = std::make_shared<const LabelImage>(loadLabelImage(dir + "/gt.nii.gz"));
  auto predA = std::make_shared<const LabelImage>(loadLabelImage(dir + "/pred_a.nii.gz"));
  auto prob = std::make_shared<const LabelImage>(loadLabelImage(dir + "/pred_prob.nii.gz"));
  ASSERT_TRUE(prob->isProbabilityMap());
  m.setGroundTruth(gt, QString::fromStdString(dir + "/gt.nii.gz"));
  const int aId = m.addPrediction(predA, "pred_a.nii.gz");
  const int probId = m.addPrediction(prob, "pred_prob.nii.gz");
  m.setLayerOpacity(m.groundTruth()->id, 1.0);  // the error map's opacity: pure class colours
  m.setDisplayMode(DisplayMode::ErrorMap);
  const Geometry& g = gt->geometry;
  OffscreenRenderer renderer;
  // The pixel of voxel v in a plain axial view (filter 0) or an axial compare view of `filter`.
  auto pixel = [&](const std::array<std::size_t, 3>& v, int filter) {
    const Vec3 p = g.indexToPhysical(double(v[0]), double(v[1]), double(v[2]));
    m.setCrosshair(p);
    SliceScene scene(m, ViewAxis::Axial);
    scene.setCrosshairVisible(false);
    if (filter) scene.setPredictionFilter(filter);
    else scene.rebuild();
    const RgbImage im = renderer.render({scene.renderer()}, 500, 500);
    const auto xy = figurePixel(m, ViewAxis::Axial, 500, 500, p);
    return im.pixel(int(xy[0]), int(xy[1]));
  };
  const Rgb black{0, 0, 0};
  // Model A correct on another structure than the selected one: nothing to show for label 73.
  const std::uint32_t other = 2, selected = 73;
  const auto tpOther = interiorVoxel(g, [&](std::size_t i) {
    return gt->labelAt(i) == other && predA->labelAt(i) == other;
  });
  ASSERT_TRUE(tpOther);
  m.setActivePrediction(aId);
  m.setSelectedLabel(0);
  EXPECT_TRUE(near(pixel(*tpOther, 0), colors::kTruePositive)) << str(pixel(*tpOther, 0));
  m.setSelectedLabel(selected);
  EXPECT_TRUE(near(pixel(*tpOther, 0), black)) << "view: " << str(pixel(*tpOther, 0));
  m.setCompareMode(true);
  EXPECT_TRUE(near(pixel(*tpOther, aId), black)) << "compare: " << str(pixel(*tpOther, aId));
  m.setCompareMode(false);
  // The one-label probability map: a structure it does not predict is not a miss, selected
  // label or not; its own label still shows.
  const std::uint32_t own = prob->probabilityLabel;
  const auto elsewhere = interiorVoxel(g, [&](std::size_t i) {
    return gt->labelAt(i) == other && prob->labelAt(i) == 0;
  });
  const auto ownTp = interiorVoxel(g, [&](std::size_t i) {
    return gt->labelAt(i) == own && prob->labelAt(i) == own;
  });
  ASSERT_TRUE(elsewhere && ownTp);
  m.setActivePrediction(probId);
  for (std::uint32_t sel : {0u, own}) {
    m.setSelectedLabel(sel);
    EXPECT_TRUE(near(pixel(*elsewhere, 0), black)) << "selected " << sel << ": " << str(pixel(*elsewhere, 0));
    EXPECT_TRUE(near(pixel(*elsewhere, probId), black)) << "compare, selected " << sel;
    EXPECT_TRUE(near(pixel(*ownTp, probId), colors::kTruePositive)) << "compare, selected " << sel;
  }
  // "All labels" asked for explicitly still compares every label of a label map.
  m.setActivePrediction(aId);
  m.setErrorScope(ErrorScope::AllLabels);
  EXPECT_TRUE(near(pixel(*tpOther, 0), colors::kTruePositive));
}

// --- Against the command line ----------------------------------------------------------------

struct CliRun {
  int code = -1;
  std::string out, err;
};

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

class ExportCliTest : public ExportTest {
 protected:
  void SetUp() override {
    ExportTest::SetUp();
    saveLabelImage(*gt_, path("gt.nii.gz"));
    saveLabelImage(*pred_, path("pred.nii.gz"));
  }
  CliRun cli(const std::string& args) const {
    const std::string cmd = std::string(SEGLENS_CLI) + " " + args + " >" + path("stdout") + " 2>" + path("stderr");
    CliRun r;
    const int status = std::system(cmd.c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(path("stdout"));
    r.err = slurp(path("stderr"));
    return r;
  }
};

TEST_F(ExportCliTest, MetricsAndProfileExportsEqualTheCli) {
  const LabelImage gt = loadLabelImage(path("gt.nii.gz")), pred = loadLabelImage(path("pred.nii.gz"));
  ASSERT_EQ(cli("eval " + path("gt.nii.gz") + " " + path("pred.nii.gz") + " --json " + path("e.json") +
                " --csv " + path("e.csv")).code, 0);
  const EvalReport report = evaluateForExport(
      {path("gt.nii.gz"), std::make_shared<LabelImage>(gt)},
      {{path("pred.nii.gz"), std::make_shared<LabelImage>(pred)}}, LabelTable{});
  EXPECT_EQ(reportCsv(report), slurp(path("e.csv")));
  EXPECT_EQ(reportJson(report), nlohmann::json::parse(slurp(path("e.json"))));
  // Written through the export path and read back: the same numbers.
  writeTextFile(path("x.json"), reportJson(report).dump(2) + "\n", false);
  EXPECT_EQ(nlohmann::json::parse(slurp(path("x.json"))), nlohmann::json::parse(slurp(path("e.json"))));
  EXPECT_THROW(writeTextFile(path("x.json"), "", false), std::runtime_error);
  const auto dice = nlohmann::json::parse(slurp(path("x.json")))["predictions"][0]["labels"][0]["dice"];
  EXPECT_DOUBLE_EQ(dice.get<double>(), 0.5);

  ASSERT_EQ(cli("slices " + path("gt.nii.gz") + " " + path("pred.nii.gz") + " --axis z --label 1 --csv " +
                path("s.csv")).code, 0);
  EXPECT_EQ(profileCsv(gt, pred, {1}, 2), slurp(path("s.csv")));
  ASSERT_EQ(cli("slices " + path("gt.nii.gz") + " " + path("pred.nii.gz") + " --axis x --csv " +
                path("sx.csv")).code, 0);
  EXPECT_EQ(profileCsv(gt, pred, {}, 0), slurp(path("sx.csv")));
}

// Issue 11, item 6: the viewer's montage export and `seglens-cli screenshot --view montage` frame
// the label through the same function: the same pixels, whatever the viewer's camera.
TEST_F(ExportCliTest, MontageFramingEqualsTheCli) {
  const CliRun run = cli("screenshot --gt " + path("gt.nii.gz") + " --pred " + path("pred.nii.gz") +
                         " --view montage --label 1 --montage-count 4 --annotate none --size 640x480 --out " +
                         path("cli_montage.png"));
  ASSERT_EQ(run.code, 0) << run.err;
  // The CLI's defaults: GT filled at 0.5, the prediction outlined at 0.9, one prediction.
  model_.removePrediction(perfectId_);
  model_.setLayerOpacity(model_.groundTruth()->id, 0.5);
  model_.setLayerMode(predId_, OverlayMode::Outline);
  model_.setLayerOpacity(predId_, 0.9);
  model_.setSelectedLabel(1);
  model_.setCamera(ViewAxis::Axial, {3.0, -8.0, 6.0});
  FigureRequest r;
  r.kind = FigureKind::Montage;
  r.width = 640;
  r.height = 480;
  r.montageCount = 4;
  r.annotate = false;
  const RgbImage viewer = render(r);
  const RgbImage fromCli = readPng(path("cli_montage.png"));
  ASSERT_EQ(fromCli.width, viewer.width);
  ASSERT_EQ(fromCli.height, viewer.height);
  EXPECT_TRUE(fromCli.rgb == viewer.rgb) << "viewer and CLI montages differ";
}

// Issue 11, item 14: uint32 label values near 4e9 render (the 3D colour table once had an entry
// per value up to the largest). Bounded by the test's ctest timeout, not by a clock here.
TEST_F(ExportCliTest, ScreenshotOfHugeLabelValuesRenders) {
  std::vector<std::uint32_t> v(g_.voxelCount(), 0);
  for (std::size_t k = 2; k < 8; ++k)
    for (std::size_t j = 10; j < 20; ++j)
      for (std::size_t i = 5; i < 30; ++i) v[g_.linearIndex(i, j, k)] = i < 17 ? 4000000000u : 4000000001u;
  saveLabelImage(LabelImage::fromLabels(g_, v.data()), path("huge.nii.gz"));
  const CliRun r = cli("screenshot --gt " + path("huge.nii.gz") + " --pred " + path("huge.nii.gz") +
                       " --label 4000000001 --view all --size 600x500 --out " + path("huge.png"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(readPng(path("huge.png")).width, 600);
}

TEST_F(ExportCliTest, ScreenshotCommandContract) {
  const std::string in = "--gt " + path("gt.nii.gz") + " --pred " + path("pred.nii.gz");
  CliRun r = cli("screenshot " + in + " --view axial --size 320x240 --mode error --label 1 --out " + path("a.png"));
  ASSERT_EQ(r.code, 0) << r.err;
  RgbImage im = readPng(path("a.png"));
  EXPECT_EQ(im.width, 320);
  EXPECT_EQ(im.height, 240);
  std::set<Rgb> distinct;
  for (int y = 0; y < im.height; ++y)
    for (int x = 0; x < im.width; ++x) distinct.insert(im.pixel(x, y));
  EXPECT_GT(distinct.size(), 10u) << "not blank";
  // Never replaces a file without --overwrite.
  r = cli("screenshot " + in + " --view axial --out " + path("a.png"));
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("a.png: file exists"), std::string::npos) << r.err;
  EXPECT_EQ(cli("screenshot " + in + " --view axial --overwrite --out " + path("a.png")).code, 0);
  // Input errors: one line naming the file.
  r = cli("screenshot --gt " + path("missing.nii.gz") + " --out " + path("m.png"));
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("missing.nii.gz"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(path("m.png")));
  // Usage errors.
  EXPECT_EQ(cli("screenshot " + in + " --size 12 --out " + path("u.png")).code, 2);
  EXPECT_EQ(cli("screenshot " + in + " --view diagonal --out " + path("u.png")).code, 2);
  EXPECT_EQ(cli("screenshot " + in + " --annotate metrics,sparkles --out " + path("u.png")).code, 2);
  EXPECT_EQ(cli("screenshot " + in + " --slice 99 --out " + path("u.png")).code, 2);
  // Montage and compare report what they drew.
  r = cli("screenshot " + in + " --view montage --label 1 --montage-count 3 --size 600x400 --out " + path("m3.png"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("3 slices"), std::string::npos) << r.out;
  r = cli("screenshot " + in + " --view all --out " + path("all.png"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(readPng(path("all.png")).width, 1200);
}

}  // namespace
}  // namespace seglens
