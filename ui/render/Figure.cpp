#include "render/Figure.h"

#include "model/ViewMapping.h"

#include <vtkCamera.h>
#include <vtkNew.h>
#include <vtkPolyData.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "render/Montage.h"
#include "render/SliceScene.h"
#include "render/SurfaceScene.h"

namespace seglens {

namespace {

constexpr std::array<std::uint8_t, 3> kFigureBackground{0, 0, 0};
constexpr int kGap = 2;  // pixels between tiles

std::string labelTitle(const ViewerModel& model) {
  const std::uint32_t l = model.selectedLabel();
  if (!l) return "foreground (all labels)";
  return model.labelName(l).toStdString() + " (" + std::to_string(l) + ")";
}

std::optional<LabelMetrics> metricsOf(const FigureData& data, int predictionId) {
  auto it = data.metrics.find(predictionId);
  if (it == data.metrics.end()) return std::nullopt;
  return it->second;
}

// Physical width / height of a view's slice.
double sliceAspect(const SliceGrid& g) {
  return (g.width * g.dx) / std::max(1e-9, g.height * g.dy);
}

std::string positionText(const SliceGrid& g, ViewAxis axis, int k) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s slice %d / %d, %s %.1f mm", viewAxisName(axis), k + 1,
                g.sliceCount, directionLetter(g.axes.normal).c_str(), g.sliceDepth(k));
  return buf;
}

// One slice tile: a fresh scene (crosshair off) plus the overlay.
RgbImage renderSlice(SliceScene& scene, const ViewerModel& model, const AnnotationOptions* ann,
                     const TileText& text, int w, int h, OffscreenRenderer& out) {
  SliceAnnotation overlay;
  std::vector<vtkRenderer*> layers{scene.renderer()};
  if (ann) layers.push_back(overlay.renderer());
  return out.render(layers, w, h, [&] {
    if (ann) overlay.update(scene, model, *ann, text, w, h, tileFontScale(w, h));
  });
}

std::unique_ptr<SliceScene> makeScene(const ViewerModel& model, ViewAxis axis, int filter) {
  auto scene = std::make_unique<SliceScene>(model, axis);
  scene->setCrosshairVisible(false);
  if (filter) scene->setPredictionFilter(filter);
  else scene->rebuild();
  return scene;
}

RgbImage render3d(const ViewerModel& model, const FigureData& data, int w, int h, int magnification,
                  OffscreenRenderer& out) {
  SurfaceScene scene(model);
  scene.setFontScale(tileFontScale(w, h, magnification));
  scene.setSurfaces(data.gtSurface, data.predSurface);
  scene.setStatus("");
  return out.render({scene.renderer()}, w, h, [&] {
    scene.refreshBounds();
    if (data.camera) scene.renderer()->GetActiveCamera()->DeepCopy(data.camera);
    else scene.fitToSurfaces();
    scene.renderer()->ResetCameraClippingRange();
  });
}

RgbImage renderHeader(const std::vector<std::string>& lines, const std::vector<HeaderSwatch>& swatches,
                      int w, int h, double fontScale, OffscreenRenderer& out) {
  HeaderStrip strip;
  return out.render({strip.renderer()}, w, h,
                    [&] { strip.update(lines, swatches, w, h, fontScale); });
}

struct Grid {
  int cols = 1, rows = 1, tileW = 0, tileH = 0;
};

// The column count that shows n tiles of the given aspect largest inside w x h.
Grid bestGrid(int n, double aspect, int w, int h, int forcedCols) {
  Grid best;
  double bestScale = -1;
  for (int cols = 1; cols <= n; ++cols) {
    if (forcedCols > 0 && cols != forcedCols) continue;
    const int rows = (n + cols - 1) / cols;
    const int tw = (w - (cols - 1) * kGap) / cols, th = (h - (rows - 1) * kGap) / rows;
    const double scale = std::min(tw / aspect, double(th));
    if (scale > bestScale) best = {cols, rows, tw, th}, bestScale = scale;
  }
  return best;
}

std::vector<std::string> headerLines(const ViewerModel& model, const FigureData& data,
                                     const AnnotationOptions& o, const std::string& position) {
  std::vector<std::string> lines;
  const SegmentationLayer* active = model.activePrediction();
  if (o.name) {
    std::string first = active ? active->name.toStdString() + " vs ground truth" : "Ground truth";
    lines.push_back(first + "  -  " + labelTitle(model));
  }
  if (o.metrics && active && model.groundTruth()) {
    // Numbers without the name line still say whose and for what they are.
    const std::string whose = o.name ? "" : active->name.toStdString() + ", " + labelTitle(model) + ":   ";
    lines.push_back(whose + formatMetrics(metricsOf(data, active->id), o) + "   (whole volume)");
  }
  if (o.position && !position.empty()) lines.push_back(position);
  return lines;
}

ViewAxis sliceAxis(const FigureRequest& r) {
  if (r.view == ViewId::ThreeD) throw std::runtime_error("montage and compare need a slice view, not 3d");
  return ViewAxis(int(r.view));
}

}  // namespace

double tileFontScale(int width, int height, int magnification) {
  const int m = std::max(1, magnification);
  return m * std::clamp(std::min(width, height) / (400.0 * m), 1.0, 3.0);
}

ViewCamera cameraForLabel(const ViewerModel& model, ViewAxis axis, std::uint32_t label,
                          double tileAspect) {
  ViewCamera cam;
  const Geometry* g = model.referenceGeometry();
  if (!g) return cam;
  const SliceGrid grid = makeSliceGrid(*g, axis, model.convention());
  const auto bounds = labelGridBounds(model, grid, label);
  if (!bounds) return cam;
  // The label's box plus half again, at least 25 mm either way (model/ViewMapping).
  return ViewMapping::framing(grid, {(*bounds)[0], (*bounds)[2]}, {(*bounds)[1], (*bounds)[3]},
                              tileAspect);
}

std::pair<int, int> defaultFigureSize(const ViewerModel& model, const FigureRequest& r) {
  const Geometry* g = model.referenceGeometry();
  double aspect = 1.0;
  if (g && r.view != ViewId::ThreeD) aspect = sliceAspect(makeSliceGrid(*g, ViewAxis(int(r.view)), model.convention()));
  switch (r.kind) {
    case FigureKind::View:
      return {800, int(std::lround(800 / std::clamp(aspect, 0.5, 2.0)))};
    case FigureKind::AllViews:
      return {1200, 1000};
    case FigureKind::Montage: {
      // Step mode: the tile count is known only from the label's extent; 12 is a fair guess.
      const int n = r.montageStep > 0 ? 12 : std::max(1, r.montageCount);
      const int cols = r.montageColumns > 0 ? r.montageColumns : int(std::ceil(std::sqrt(double(n))));
      const int tw = 1600 / cols;
      return {1600, 140 + ((n + cols - 1) / cols) * int(tw / aspect)};
    }
    case FigureKind::Compare: {
      const int n = int(model.predictions().size()) + (model.groundTruth() ? 1 : 0);
      return {std::max(1, n) * 500, 140 + int(500 / aspect)};
    }
  }
  return {800, 800};
}

std::array<double, 2> figurePixel(const ViewerModel& model, ViewAxis axis, int width, int height,
                                  const Vec3& p) {
  SliceScene scene(model, axis);
  scene.rebuild();
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetSize(width, height);
  window->AddRenderer(scene.renderer());
  const auto d = scene.physicalToDisplay(p);
  window->RemoveRenderer(scene.renderer());
  return {d[0], height - d[1]};
}

namespace {

// A montage tile's corner: slice number, depth (with `position`) and its Dice (with `scored`).
std::string montageCorner(const SliceGrid& grid, int k, bool position, bool scored,
                          const std::optional<double>& dice) {
  std::string corner = "#" + std::to_string(k + 1);
  char buf[64];
  std::snprintf(buf, sizeof buf, "  %s %.1f", directionLetter(grid.axes.normal).c_str(), grid.sliceDepth(k));
  if (position) corner += buf;
  if (scored) {
    std::snprintf(buf, sizeof buf, "   Dice n/a");
    if (dice) std::snprintf(buf, sizeof buf, "   Dice %.3f", *dice);
    corner += buf;
  }
  return corner;
}

void renderMontage(const ViewerModel& model, const FigureRequest& r, const FigureData& data,
                   const AnnotationOptions& o, const AnnotationOptions* ann, double fs,
                   ViewAxis axis, const SliceGrid& grid, RgbImage& figure, FigureInfo& fi,
                   OffscreenRenderer& out) {
  const SegmentationLayer* active = model.activePrediction();
  const double aspect = sliceAspect(grid);
  const auto extent = labelSliceExtent(model, grid, model.selectedLabel());
  if (!extent)
    throw std::runtime_error("montage: " + labelTitle(model) + " is on no slice of the GT or " +
                             "the active prediction");
  fi.slices = montageSlices(extent->first, extent->second, std::max(1, r.montageCount),
                            r.montageStep);
  auto scene = makeScene(model, axis, 0);
  std::vector<HeaderSwatch> swatches;
  if (o.legend) swatches = legendEntries(*scene, model, nullptr);
  char range[160];
  std::snprintf(range, sizeof range, "%s slices %d-%d (%zu shown%s), tiles: slice number and per-slice Dice",
                viewAxisName(axis), fi.slices.front() + 1, fi.slices.back() + 1, fi.slices.size(),
                r.montageStep > 0 ? (", every " + std::to_string(r.montageStep) + "th").c_str() : "");
  const auto lines = headerLines(model, data, o, range);
  const int hh = lines.empty() && swatches.empty() ? 0 : HeaderStrip::heightFor(int(std::max<std::size_t>(1, lines.size())), fs);
  if (hh) figure.blit(renderHeader(lines, swatches, r.width, hh, fs, out), 0, 0);
  const int top = hh ? hh + kGap : 0;
  const Grid gr = bestGrid(int(fi.slices.size()), aspect, r.width, r.height - top, r.montageColumns);
  // Framed on the label whatever the view's zoom and pan (the GUI export and `screenshot` both
  // come here), so every tile shows the label and its Dice is that of the pixels shown.
  const std::uint32_t label = model.selectedLabel();
  scene->setCamera(label ? cameraForLabel(model, axis, label, double(gr.tileW) / std::max(1, gr.tileH))
                         : ViewCamera{});
  AnnotationOptions tile = o;
  tile.metrics = tile.name = tile.legend = false;
  for (std::size_t i = 0; i < fi.slices.size(); ++i) {
    const int k = fi.slices[i];
    scene->showSlice(k);
    TileText text;
    std::optional<double> dice;
    if (active && model.groundTruth()) dice = sliceOverlap(model, grid, k, active->id, label).dice();
    fi.sliceDice.push_back(dice);
    if (o.position || o.metrics)
      text.corner = montageCorner(grid, k, o.position, active && model.groundTruth(), dice);
    // Orientation and scale once, on the first tile: the rest share them.
    AnnotationOptions t = tile;
    t.orientation = tile.orientation && i == 0;
    t.scaleBar = tile.scaleBar && i == 0;
    const int x = int(i % std::size_t(gr.cols)) * (gr.tileW + kGap);
    const int y = top + int(i / std::size_t(gr.cols)) * (gr.tileH + kGap);
    figure.blit(renderSlice(*scene, model, ann ? &t : nullptr, text, gr.tileW, gr.tileH, out), x, y);
  }
  fi.tiles = int(fi.slices.size());
  fi.columns = gr.cols;
  fi.rows = gr.rows;
  fi.headerHeight = hh;
}

}  // namespace

RgbImage renderFigure(const ViewerModel& model, const FigureRequest& request,
                      const FigureData& data, OffscreenRenderer& out, FigureInfo* info) {
  if (!model.hasData()) throw std::runtime_error("nothing loaded to export");
  FigureRequest r = request;
  const int m = std::max(1, r.magnification);
  if (r.width <= 0 || r.height <= 0) {
    std::tie(r.width, r.height) = defaultFigureSize(model, r);
    r.width *= m;
    r.height *= m;
  }
  FigureInfo local;
  FigureInfo& fi = info ? *info : local;
  fi = {};
  const AnnotationOptions* ann = r.annotate ? &r.annotations : nullptr;
  const AnnotationOptions none = [] {
    AnnotationOptions o;
    o.metrics = o.name = o.legend = o.position = o.orientation = o.scaleBar = false;
    return o;
  }();
  const AnnotationOptions& o = ann ? *ann : none;
  const SegmentationLayer* active = model.activePrediction();

  if (r.kind == FigureKind::View) {
    fi.tiles = fi.columns = fi.rows = 1;
    if (r.view == ViewId::ThreeD) return render3d(model, data, r.width, r.height, m, out);
    auto scene = makeScene(model, ViewAxis(int(r.view)), 0);
    TileText text;
    if (active) text.title = active->name.toStdString() + "  -  " + labelTitle(model);
    else text.title = labelTitle(model);
    if (active && model.groundTruth()) text.metrics = metricsOf(data, active->id);
    AnnotationOptions single = o;
    single.metrics = o.metrics && active && model.groundTruth();
    return renderSlice(*scene, model, ann ? &single : nullptr, text, r.width, r.height, out);
  }

  RgbImage figure(r.width, r.height, kFigureBackground);
  // Header text follows the figure's width, so wide montages get readable headers.
  const double fs = m * std::clamp(r.width / (1200.0 * m), 1.0, 2.0);

  if (r.kind == FigureKind::AllViews) {
    auto probe = makeScene(model, ViewAxis::Axial, 0);
    std::vector<HeaderSwatch> swatches;
    if (o.legend) swatches = legendEntries(*probe, model, nullptr);
    AnnotationOptions noPosition = o;
    noPosition.position = false;
    const auto lines = headerLines(model, data, noPosition, "");
    const int hh = lines.empty() && swatches.empty() ? 0 : HeaderStrip::heightFor(std::max<int>(1, int(lines.size())), fs);
    if (hh) figure.blit(renderHeader(lines, swatches, r.width, hh, fs, out), 0, 0);
    const int tw = (r.width - kGap) / 2, th = (r.height - hh - kGap * (hh ? 2 : 1)) / 2;
    const int top = hh ? hh + kGap : 0;
    AnnotationOptions tile = o;
    tile.metrics = tile.name = tile.legend = false;  // said once, in the header
    for (int v = 0; v < 4; ++v) {
      const int x = (v % 2) * (tw + kGap), y = top + (v / 2) * (th + kGap);
      if (v == 3) {
        figure.blit(render3d(model, data, tw, th, m, out), x, y);
      } else {
        auto scene = makeScene(model, ViewAxis(v), 0);
        figure.blit(renderSlice(*scene, model, ann ? &tile : nullptr, {}, tw, th, out), x, y);
      }
    }
    fi.tiles = 4;
    fi.columns = fi.rows = 2;
    fi.headerHeight = hh;
    return figure;
  }

  const ViewAxis axis = sliceAxis(r);
  const SliceGrid grid = makeSliceGrid(*model.referenceGeometry(), axis, model.convention());

  if (r.kind == FigureKind::Montage) {
    renderMontage(model, r, data, o, ann, fs, axis, grid, figure, fi, out);
    return figure;
  }

  // Compare: GT first, then every prediction, same slice, one row.
  if (model.predictions().empty()) throw std::runtime_error("compare: no prediction loaded");
  std::vector<int> filters;
  if (model.groundTruth()) filters.push_back(-1);  // -1: no prediction, the GT alone
  for (const auto& p : model.predictions()) filters.push_back(p.id);
  auto probe = makeScene(model, axis, active ? active->id : 0);
  std::vector<HeaderSwatch> swatches;
  std::string caption;
  if (o.legend) swatches = legendEntries(*probe, model, &caption);
  // One legend for every tile: name no particular prediction.
  if (model.displayMode() == DisplayMode::ErrorMap && swatches.size() == 3)
    swatches[1].text = "FP (prediction only)";
  std::vector<std::string> lines;
  if (o.name) lines.push_back("Ground truth and " + std::to_string(model.predictions().size()) +
                              " prediction" + (model.predictions().size() > 1 ? "s" : "") + "  -  " +
                              labelTitle(model));
  if (o.position) lines.push_back(positionText(grid, axis, probe->slice()) +
                                  (o.metrics ? "; metrics over the whole volume" : ""));
  if (o.legend && model.groundTruth()) {
    const SegmentationLayer* gt = model.groundTruth();
    if (model.displayMode() == DisplayMode::ErrorMap)
      lines.push_back("Each prediction against the GT: TP, FP, FN");
    else if (gt->visible && gt->mode != OverlayMode::Hidden)
      lines.push_back(std::string("GT ") + (gt->mode == OverlayMode::Fill ? "filled" : "outlined") +
                      " in every tile, each prediction " +
                      (active && active->mode == OverlayMode::Fill ? "filled" : "outlined") + " over it");
  }
  const int hh = lines.empty() && swatches.empty() ? 0 : HeaderStrip::heightFor(int(std::max<std::size_t>(1, lines.size())), fs);
  if (hh) figure.blit(renderHeader(lines, swatches, r.width, hh, fs, out), 0, 0);
  const int top = hh ? hh + kGap : 0;
  const int n = int(filters.size());
  const int tw = (r.width - (n - 1) * kGap) / n, th = r.height - top;
  for (int i = 0; i < n; ++i) {
    auto scene = makeScene(model, axis, filters[std::size_t(i)]);
    TileText text;
    if (filters[std::size_t(i)] == -1) {
      text.title = "Ground truth";
    } else {
      const SegmentationLayer* p = model.layer(filters[std::size_t(i)]);
      text.title = p->name.toStdString();
      if (model.groundTruth()) text.metrics = metricsOf(data, p->id);
    }
    AnnotationOptions t = o;
    t.legend = t.position = false;
    t.metrics = o.metrics && filters[std::size_t(i)] != -1 && model.groundTruth();
    t.orientation = o.orientation && i == 0;
    t.scaleBar = o.scaleBar && i == 0;
    figure.blit(renderSlice(*scene, model, ann ? &t : nullptr, text, tw, th, out), i * (tw + kGap), top);
  }
  fi.tiles = n;
  fi.columns = n;
  fi.rows = 1;
  fi.headerHeight = hh;
  return figure;
}

}  // namespace seglens
