#include "render/Annotation.h"

#include <vtkActor2D.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "render/OverlayColors.h"
#include "render/SliceScene.h"
#include "model/ViewerModel.h"

namespace seglens {

namespace {

// Backing box behind every text: black at this opacity keeps white text readable on white.
constexpr double kBoxOpacity = 0.62;

int px(double base, double fontScale) { return std::max(8, int(std::lround(base * fontScale))); }

void styleText(vtkTextActor* t, int size) {
  auto* p = t->GetTextProperty();
  p->SetFontFamilyToArial();
  p->SetFontSize(size);
  p->SetColor(1, 1, 1);
  p->SetBackgroundColor(0, 0, 0);
  p->SetBackgroundOpacity(kBoxOpacity);
  p->SetFrame(false);
  p->ShadowOff();
  p->BoldOff();
  p->ItalicOff();
  p->SetLineSpacing(1.15);
  p->SetJustificationToLeft();
  p->SetVerticalJustificationToBottom();
  t->GetPositionCoordinate()->SetCoordinateSystemToDisplay();
  t->SetVisibility(true);
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Text actors draw their box tight around the glyphs; spaces give it some padding.
std::string pad(const std::string& s) {
  std::string out;
  std::istringstream in(s);
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (!first) out += "\n";
    out += " " + line + " ";
    first = false;
  }
  return out;
}

}  // namespace

bool AnnotationOptions::parse(const std::string& list, AnnotationOptions& out,
                              std::string& error) {
  AnnotationOptions o;
  o.metrics = o.name = o.legend = o.position = o.orientation = o.scaleBar = false;
  std::istringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item == "metrics") o.metrics = true;
    else if (item == "legend") o.legend = true;
    else if (item == "scalebar") o.scaleBar = true;
    else if (item == "orientation") o.orientation = true;
    else if (item == "position") o.position = true;
    else if (item == "name") o.name = true;
    else if (item == "all") o.metrics = o.name = o.legend = o.position = o.orientation = o.scaleBar = true;
    else if (item == "none" || item.empty()) continue;
    else {
      error = "unknown annotation '" + item +
              "' (expected metrics, legend, scalebar, orientation, position, name, all, none)";
      return false;
    }
  }
  out = o;
  return true;
}

std::string formatMetrics(const std::optional<LabelMetrics>& m, const AnnotationOptions& o) {
  std::vector<std::string> parts;
  auto add = [&](bool on, const char* name, const std::optional<double>& v, const char* f) {
    if (!on) return;
    if (!m) parts.push_back(std::string(name) + " ...");
    else parts.push_back(std::string(name) + " " + (v ? fmt(f, *v) : std::string("n/a")));
  };
  add(o.dice, "Dice", m ? m->dice : std::nullopt, "%.3f");
  add(o.jaccard, "Jaccard", m ? m->jaccard : std::nullopt, "%.3f");
  add(o.f1, "F1", m ? m->f1 : std::nullopt, "%.3f");
  if (o.hd95 && (!m || m->distancesComputed))
    add(true, "HD95", m ? m->hd95 : std::nullopt, "%.2f mm");
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? "   " : "") + parts[i];
  return s;
}

std::vector<HeaderSwatch> legendEntries(const SliceScene& scene, const ViewerModel& model,
                                        std::string* caption, std::size_t maxLabels) {
  std::vector<HeaderSwatch> out;
  const SegmentationLayer* gt = model.groundTruth();
  const int filter = scene.predictionFilter();
  const SegmentationLayer* active = filter ? model.layer(filter) : model.activePrediction();
  if (model.displayMode() == DisplayMode::ErrorMap && gt && active) {
    out.push_back({colors::kTruePositive, "TP (both)"});
    out.push_back({colors::kFalsePositive, "FP (" + active->name.toStdString() + " only)"});
    out.push_back({colors::kFalseNegative, "FN (GT only)"});
    if (caption) *caption = "";
    return out;
  }
  // Label colours: the selected label, or the labels covering most of this slice.
  std::vector<std::uint32_t> labels;
  if (model.selectedLabel()) {
    labels.push_back(model.selectedLabel());
  } else if (scene.hasData() && scene.slice() >= 0) {
    std::vector<std::int32_t> map;
    computeIndexMap(*model.referenceGeometry(), scene.grid(), scene.slice(), map);
    std::map<std::uint32_t, std::size_t> counts;
    auto count = [&](const SegmentationLayer* l) {
      if (!l) return;
      for (std::int32_t i : map)
        if (i >= 0)
          if (std::uint32_t v = l->image->labelAt(std::size_t(i)); v && model.labelVisible(v)) ++counts[v];
    };
    count(gt && gt->visible && gt->mode != OverlayMode::Hidden ? gt : nullptr);
    if (counts.empty()) count(active);
    std::vector<std::pair<std::size_t, std::uint32_t>> order;
    for (auto [v, n] : counts) order.push_back({n, v});
    std::sort(order.rbegin(), order.rend());
    for (std::size_t i = 0; i < order.size() && i < maxLabels; ++i) labels.push_back(order[i].second);
    if (order.size() > maxLabels && caption)
      *caption = "+" + std::to_string(order.size() - maxLabels) + " more labels";
  }
  for (std::uint32_t v : labels) out.push_back({model.labelColor(v), model.labelName(v).toStdString()});
  if (caption) {
    std::string what;
    auto modeName = [](OverlayMode m) { return m == OverlayMode::Fill ? "filled" : "outline"; };
    if (gt && gt->visible && gt->mode != OverlayMode::Hidden)
      what = std::string(modeName(gt->mode)) + ": GT";
    if (filter != -1 && active && active->mode != OverlayMode::Hidden)
      what += (what.empty() ? "" : ",  ") + std::string(modeName(active->mode)) + ": " +
              active->name.toStdString();
    *caption = caption->empty() ? what : what + "\n" + *caption;
  }
  return out;
}

AnnotationOptions viewerAnnotations(const SliceScene& scene, const ViewerModel& model) {
  AnnotationOptions o;
  o.metrics = false;
  o.name = scene.predictionFilter() != 0;
  // One legend at a time: with a local map shown, its colour bar is the legend.
  o.legend = model.displayMode() == DisplayMode::ErrorMap && model.groundTruth() && !model.metricMap() &&
             (scene.predictionFilter() ? model.layer(scene.predictionFilter()) != nullptr
                                       : model.activePrediction() != nullptr);
  return o;
}

TileText viewerTileText(const SliceScene& scene) {
  TileText t;
  if (scene.predictionFilter()) t.title = scene.titleText();
  return t;
}

// --- SliceAnnotation -----------------------------------------------------------------------

SliceAnnotation::SliceAnnotation()
    : renderer_(vtkSmartPointer<vtkRenderer>::New()), barPoints_(vtkSmartPointer<vtkPoints>::New()),
      bar_(vtkSmartPointer<vtkActor2D>::New()), barShadow_(vtkSmartPointer<vtkActor2D>::New()) {
  renderer_->InteractiveOff();
  barPoints_->SetNumberOfPoints(2);
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  const vtkIdType seg[2] = {0, 1};
  lines->InsertNextCell(2, seg);
  auto data = vtkSmartPointer<vtkPolyData>::New();
  data->SetPoints(barPoints_);
  data->SetLines(lines);
  for (auto* a : {barShadow_.GetPointer(), bar_.GetPointer()}) {
    auto mapper = vtkSmartPointer<vtkPolyDataMapper2D>::New();
    mapper->SetInputData(data);
    a->SetMapper(mapper);
    renderer_->AddViewProp(a);
  }
  barShadow_->GetProperty()->SetColor(0, 0, 0);
  barShadow_->GetProperty()->SetOpacity(kBoxOpacity);
  bar_->GetProperty()->SetColor(1, 1, 1);
}

SliceAnnotation::~SliceAnnotation() = default;

vtkRenderer* SliceAnnotation::renderer() const { return renderer_; }

vtkSmartPointer<vtkTextActor> SliceAnnotation::addText() {
  if (used_ == texts_.size()) {
    auto t = vtkSmartPointer<vtkTextActor>::New();
    renderer_->AddViewProp(t);
    texts_.push_back(t);
  }
  return texts_[used_++];
}

void SliceAnnotation::update(const SliceScene& scene, const ViewerModel& model,
                             const AnnotationOptions& o, const TileText& text, int width,
                             int height, double fontScale) {
  used_ = 0;
  const int margin = px(6, fontScale);
  const int body = px(14, fontScale), small = px(12, fontScale);
  const double line = 1.15 * 1.2;  // line spacing x glyph box height per point of font size

  // Title block, top-left: name (bold) and the metrics line.
  double topUsed = 0;
  std::string title = o.name ? text.title : std::string();
  std::string metrics = o.metrics ? formatMetrics(text.metrics, o) : std::string();
  if (!title.empty()) {
    auto t = addText();
    styleText(t, body);
    t->GetTextProperty()->BoldOn();
    t->GetTextProperty()->SetVerticalJustificationToTop();
    t->SetInput(pad(title).c_str());
    t->SetPosition(margin, height - margin);
    topUsed += body * line + 2;
  }
  if (!metrics.empty()) {
    auto t = addText();
    styleText(t, small);
    t->GetTextProperty()->SetVerticalJustificationToTop();
    t->SetInput(pad(metrics).c_str());
    t->SetPosition(margin, height - margin - int(topUsed));
    topUsed += small * line + 2;
  }

  // Bottom-left: slice position, scale bar above it.
  double bottomUsed = margin;
  std::string corner = text.corner;
  if (corner.empty() && o.position && scene.hasData() && scene.slice() >= 0) {
    const SliceGrid& g = scene.grid();
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s  slice %d / %d   %s %.1f mm", viewAxisName(scene.axis()),
                  scene.slice() + 1, g.sliceCount, directionLetter(g.axes.normal).c_str(),
                  g.sliceDepth(scene.slice()));
    corner = buf;
  }
  if (!corner.empty()) {
    auto t = addText();
    styleText(t, small);
    t->SetInput(pad(corner).c_str());
    t->SetPosition(margin, bottomUsed);
    bottomUsed += small * line * double(std::count(corner.begin(), corner.end(), '\n') + 1) + margin;
  }
  if (o.orientation && scene.hasData()) {
    const PlaneAxes& a = scene.grid().axes;
    const Vec3 left{-a.right[0], -a.right[1], -a.right[2]};
    const Vec3 down{-a.up[0], -a.up[1], -a.up[2]};
    const int size = px(16, fontScale);
    struct Spot { Vec3 dir; double x, y; int hj, vj; };
    // The top letter goes below the title block so the two never overlap.
    const double topY = height - margin - (topUsed > 0 ? topUsed + 2 : 0);
    const Spot spots[4] = {{left, double(margin), height / 2.0, VTK_TEXT_LEFT, VTK_TEXT_CENTERED},
                           {a.right, double(width - margin), height / 2.0, VTK_TEXT_RIGHT, VTK_TEXT_CENTERED},
                           {a.up, width / 2.0, topY, VTK_TEXT_CENTERED, VTK_TEXT_TOP},
                           // Above the slice-position line, which starts at the left edge.
                           {down, width / 2.0, bottomUsed, VTK_TEXT_CENTERED, VTK_TEXT_BOTTOM}};
    for (const Spot& s : spots) {
      auto t = addText();
      styleText(t, size);
      t->GetTextProperty()->BoldOn();
      t->GetTextProperty()->SetColor(1.0, 0.85, 0.4);
      t->GetTextProperty()->SetJustification(s.hj);
      t->GetTextProperty()->SetVerticalJustification(s.vj);
      t->SetInput(pad(directionLetter(s.dir)).c_str());
      t->SetPosition(s.x, s.y);
    }
  }

  bar_->SetVisibility(false);
  barShadow_->SetVisibility(false);
  if (o.scaleBar && scene.hasData()) layoutScaleBar(scene, width, height, fontScale, bottomUsed);
  if (o.legend && scene.hasData()) {
    // Bottom-right, unless the bottom-left position line would run into it (a narrow viewer
    // tile): then it stacks above that line. Widths estimated from the glyph size (0.6 em).
    const double positionW = 0.6 * small * double(corner.size());
    std::size_t longest = 0;
    for (const auto& e : legendEntries(scene, model, nullptr)) longest = std::max(longest, e.text.size());
    const double legendW = 0.6 * px(12, fontScale) * double(longest + 4);
    const double base = positionW + legendW + 3 * margin > width ? bottomUsed : double(margin);
    layoutLegend(scene, model, width, height, fontScale, base);
  }
  for (std::size_t i = used_; i < texts_.size(); ++i) texts_[i]->SetVisibility(false);
}

void SliceAnnotation::layoutScaleBar(const SliceScene& scene, int width, int, double fontScale,
                                     double bottomPx) {
  // mm per pixel of this tile: the scene's camera fits the slice to the renderer's height/width
  // the same way at any size, so ask it for the size we render at.
  const double mmPerPx = scene.mmPerPixel();
  if (!(mmPerPx > 0)) return;
  // The largest 1-2-5 length that fits in a fifth of the tile.
  const double target = width * 0.2 * mmPerPx;
  double length = 1;
  for (double decade = 0.1; decade < 1e4; decade *= 10)
    for (double step : {1.0, 2.0, 5.0})
      if (step * decade <= target) length = step * decade;
  const double pixels = length / mmPerPx;
  const int margin = px(6, fontScale);
  const double thick = std::max(2.0, 3.0 * fontScale);
  const double x0 = margin + px(4, fontScale), y = bottomPx + thick;
  barPoints_->SetPoint(0, x0, y, 0);
  barPoints_->SetPoint(1, x0 + pixels, y, 0);
  barPoints_->Modified();
  bar_->GetProperty()->SetLineWidth(float(thick));
  barShadow_->GetProperty()->SetLineWidth(float(thick + 2 * std::max(1.0, fontScale)));
  bar_->SetVisibility(true);
  barShadow_->SetVisibility(true);
  auto t = addText();
  styleText(t, px(12, fontScale));
  t->SetInput(pad(length >= 1 ? fmt("%.0f mm", length) : fmt("%.1f mm", length)).c_str());
  t->SetPosition(x0 - px(3, fontScale), y + thick + 2);
}

void SliceAnnotation::layoutLegend(const SliceScene& scene, const ViewerModel& model, int width,
                                   int, double fontScale, double bottomPx) {
  std::string caption;
  const auto entries = legendEntries(scene, model, &caption);
  const int margin = px(6, fontScale), size = px(12, fontScale);
  const double step = size * 1.2 * 1.15 + std::max(2.0, 2 * fontScale);
  double y = bottomPx;
  // Stacked upwards from the bottom-right corner; caption lowest.
  if (!caption.empty()) {
    auto t = addText();
    styleText(t, px(11, fontScale));
    t->GetTextProperty()->SetJustificationToRight();
    t->SetInput(pad(caption).c_str());
    t->SetPosition(width - margin, y);
    y += step * double(std::count(caption.begin(), caption.end(), '\n') + 1);
  }
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    auto name = addText();
    styleText(name, size);
    name->GetTextProperty()->SetJustificationToRight();
    name->SetInput(pad(it->text).c_str());
    const int swatchW = int(size * 1.6);
    name->SetPosition(width - margin - swatchW, y);
    auto swatch = addText();
    styleText(swatch, size);
    swatch->GetTextProperty()->SetJustificationToRight();
    swatch->GetTextProperty()->SetBackgroundColor(colors::toUnit(it->color[0]),
                                                  colors::toUnit(it->color[1]),
                                                  colors::toUnit(it->color[2]));
    swatch->GetTextProperty()->SetBackgroundOpacity(1.0);
    swatch->GetTextProperty()->SetFrame(true);
    swatch->GetTextProperty()->SetFrameColor(0, 0, 0);
    swatch->SetInput("    ");
    swatch->SetPosition(width - margin, y);
    y += step;
  }
}

// --- HeaderStrip ---------------------------------------------------------------------------

HeaderStrip::HeaderStrip() : renderer_(vtkSmartPointer<vtkRenderer>::New()) {
  renderer_->SetBackground(0.12, 0.12, 0.14);
  renderer_->InteractiveOff();
}

HeaderStrip::~HeaderStrip() = default;

vtkRenderer* HeaderStrip::renderer() const { return renderer_; }

int HeaderStrip::heightFor(int lines, double fontScale) {
  return int(std::ceil(lines * 15 * fontScale * 1.45 + 12 * fontScale));
}

void HeaderStrip::update(const std::vector<std::string>& lines,
                         const std::vector<HeaderSwatch>& swatches, int width, int height,
                         double fontScale) {
  for (auto& t : texts_) renderer_->RemoveViewProp(t);
  texts_.clear();
  auto add = [&](int size) {
    auto t = vtkSmartPointer<vtkTextActor>::New();
    styleText(t, size);
    t->GetTextProperty()->SetBackgroundOpacity(0);
    renderer_->AddViewProp(t);
    texts_.push_back(t);
    return t;
  };
  const double margin = 8 * fontScale;
  const int big = px(15, fontScale);
  double y = height - margin;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto t = add(i == 0 ? big : px(13, fontScale));
    if (i == 0) t->GetTextProperty()->BoldOn();
    t->GetTextProperty()->SetVerticalJustificationToTop();
    t->SetInput(lines[i].c_str());
    t->SetPosition(margin, y);
    y -= (i == 0 ? big : px(13, fontScale)) * 1.45;
  }
  // Swatches in one row, right-aligned, vertically centred; widths measured, not guessed.
  double x = width - margin;
  const int size = px(13, fontScale);
  auto measuredWidth = [&](vtkTextActor* t) {
    double bbox[4] = {0, 0, 0, 0};
    t->GetBoundingBox(renderer_, bbox);
    return bbox[1] - bbox[0];
  };
  // Swatches stop where the text lines end: a legend that would cover the title is cut short.
  double textRight = 0;
  for (auto& t : texts_) textRight = std::max(textRight, margin + measuredWidth(t));
  for (auto it = swatches.rbegin(); it != swatches.rend(); ++it) {
    auto name = add(size);
    name->GetTextProperty()->SetJustificationToRight();
    name->GetTextProperty()->SetVerticalJustificationToCentered();
    name->SetInput(it->text.c_str());
    name->SetPosition(x, height / 2.0);
    double w = measuredWidth(name);
    if (!(w > 0)) w = size * 0.6 * double(it->text.size());
    if (x - w - size * 2.5 < textRight + 24 * fontScale) {
      renderer_->RemoveViewProp(name);
      texts_.pop_back();
      break;
    }
    x -= w + 8 * fontScale;
    auto swatch = add(size);
    swatch->GetTextProperty()->SetJustificationToRight();
    swatch->GetTextProperty()->SetVerticalJustificationToCentered();
    swatch->GetTextProperty()->SetBackgroundColor(colors::toUnit(it->color[0]),
                                                  colors::toUnit(it->color[1]),
                                                  colors::toUnit(it->color[2]));
    swatch->GetTextProperty()->SetBackgroundOpacity(1.0);
    swatch->SetInput("    ");
    swatch->SetPosition(x, height / 2.0);
    double sw = measuredWidth(swatch);
    if (!(sw > 0)) sw = size * 1.6;
    x -= sw + 18 * fontScale;
  }
}

}  // namespace seglens
