#include "render/SliceScene.h"

#include <vtkActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkImageActor.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "render/ErrorSlicePipeline.h"
#include "render/LabelSlicePipeline.h"
#include "render/MetricMapPipeline.h"
#include "render/OverlayColors.h"
#include "render/ScanSlicePipeline.h"
#include "render/SliceImageActor.h"
#include "render/SliceCompositor.h"
#include "model/ViewerModel.h"
#include "WindowedMap.h"

namespace seglens {

namespace {

// Scan and overlay layers are blended on the CPU into one image at depth 0 (their order is the
// blend order below); the crosshair lies above it, nearer the camera.
constexpr double kCrossDepth = 0.9;
// Zoom (screen pixels per voxel) above which the composite is upsampled on the CPU, and the
// largest upsampling factor.
constexpr double kUpsampleAbove = 1.5;
constexpr int kMaxUpsample = 8;
// Alpha multiplier for labels other than the selected one ("focus" on the selection).
constexpr double kUnfocusedAlpha = 0.25;


}  // namespace

SliceScene::SliceScene(const ViewerModel& model, ViewAxis axis)
    : model_(model), axis_(axis), renderer_(vtkSmartPointer<vtkRenderer>::New()),
      startCallback_(vtkSmartPointer<vtkCallbackCommand>::New()),
      scan_(std::make_unique<ScanSlicePipeline>()), errors_(std::make_unique<ErrorSlicePipeline>()),
      focusOutline_(std::make_unique<LabelSlicePipeline>()),
      metricMap_(std::make_unique<MetricMapPipeline>()),
      view_(std::make_unique<SliceImageActor>()),
      crossPoints_(vtkSmartPointer<vtkPoints>::New()),
      crossData_(vtkSmartPointer<vtkPolyData>::New()),
      crossActor_(vtkSmartPointer<vtkActor>::New()) {
  renderer_->SetBackground(0, 0, 0);
  renderer_->GetActiveCamera()->ParallelProjectionOn();
  startCallback_->SetCallback(&SliceScene::onStartRender);
  startCallback_->SetClientData(this);
  renderer_->AddObserver(vtkCommand::StartEvent, startCallback_);

  renderer_->AddViewProp(view_->actor());
  view_->setVisible(false);
  renderer_->AddViewProp(metricMap_->colorBar());
  metricMap_->setVisible(false);

  crossPoints_->SetNumberOfPoints(4);
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  const vtkIdType a[2] = {0, 1}, b[2] = {2, 3};
  lines->InsertNextCell(2, a);
  lines->InsertNextCell(2, b);
  crossData_->SetPoints(crossPoints_);
  crossData_->SetLines(lines);
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputData(crossData_);
  crossActor_->SetMapper(mapper);
  crossActor_->GetProperty()->SetColor(colors::toUnit(colors::kCrosshair[0]),
                                       colors::toUnit(colors::kCrosshair[1]),
                                       colors::toUnit(colors::kCrosshair[2]));
  // Opaque on purpose: any translucent prop makes VTK run its translucent pass, which costs
  // more than the rest of the frame in software OpenGL.
  crossActor_->GetProperty()->SetOpacity(1.0);
  crossActor_->GetProperty()->SetLineWidth(1.0);
  crossActor_->PickableOff();
  crossActor_->SetVisibility(false);
  renderer_->AddViewProp(crossActor_);

  setFontScale(1.0);
}

SliceScene::~SliceScene() { renderer_->RemoveObserver(startCallback_); }

vtkRenderer* SliceScene::renderer() const { return renderer_; }

void SliceScene::configureWindow(vtkRenderWindow* window) { window->SetMultiSamples(0); }

void SliceScene::setPredictionFilter(int predictionId) {
  predictionFilter_ = predictionId;
  rebuild();
}

void SliceScene::setFontScale(double scale) {
  fontScale_ = scale;
  metricMap_->setFontScale(scale);
}

void SliceScene::setCrosshairVisible(bool visible) {
  crosshairVisible_ = visible;
  updateCrosshairGeometry();
}

std::vector<const SegmentationLayer*> SliceScene::shownPredictions() const {
  std::vector<const SegmentationLayer*> shown;
  if (predictionFilter_) {
    if (const SegmentationLayer* l = model_.layer(predictionFilter_)) shown.push_back(l);
    return shown;
  }
  for (const auto& p : model_.predictions())
    if (p.visible && p.mode != OverlayMode::Hidden) shown.push_back(&p);
  return shown;
}

void SliceScene::rebuild() {
  const Geometry* g = model_.referenceGeometry();
  hasGrid_ = g != nullptr;
  if (hasGrid_) grid_ = makeSliceGrid(*g, axis_, model_.convention());
  // One label pipeline per segmentation layer, created and dropped with the layers.
  std::map<int, std::unique_ptr<LabelSlicePipeline>> kept;
  std::vector<const SegmentationLayer*> layers;
  if (model_.groundTruth()) layers.push_back(model_.groundTruth());
  for (const auto& p : model_.predictions()) layers.push_back(&p);
  for (const SegmentationLayer* l : layers) {
    auto it = labels_.find(l->id);
    if (it != labels_.end()) {
      kept[l->id] = std::move(it->second);
      labels_.erase(it);
    } else {
      kept[l->id] = std::make_unique<LabelSlicePipeline>();
    }
  }
  labels_ = std::move(kept);
  slice_ = hasGrid_ ? grid_.sliceOf(model_.crosshair()) : -1;
  updateLayers();
  updateCrosshairGeometry();
  refreshWindowLevel();
}

void SliceScene::showSlice(int k) {
  if (!hasGrid_) return;
  slice_ = std::clamp(k, 0, grid_.sliceCount - 1);
  updateLayers();
}

void SliceScene::refreshOverlays() {
  updateLayers();
}

void SliceScene::refreshCrosshair() {
  if (!hasGrid_) return;
  const int k = grid_.sliceOf(model_.crosshair());
  if (k != slice_) {
    slice_ = k;
    updateLayers();
  }
  updateCrosshairGeometry();
}

void SliceScene::refreshWindowLevel() {
  scan_->setWindowLevel(model_.windowLevel());
  composeDirty_ = true;
}

std::vector<std::uint32_t> SliceScene::codeColors(const SegmentationLayer& layer,
                                                  const std::optional<colors::Rgb>& focusColor) const {
  const LabelImage& image = *layer.image;
  const std::uint32_t selected = model_.selectedLabel();
  std::vector<std::uint32_t> lut(image.codeCount(), 0u);
  for (std::size_t c = 1; c < lut.size(); ++c) {
    const std::uint32_t v = image.labelValues[c];
    if (!model_.labelVisible(v)) continue;
    double alpha = layer.opacity;
    if (selected != 0 && v != selected) alpha *= kUnfocusedAlpha;
    const bool focused = selected != 0 && v == selected && focusColor;
    lut[c] = colors::packRgba(focused ? *focusColor : model_.labelColor(v), alpha);
  }
  return lut;
}

void SliceScene::updateLayers() {
  const bool show = hasGrid_ && slice_ >= 0;
  composeDirty_ = true;
  view_->setVisible(show);
  overlayPixels_.clear();
  metricMap_->setVisible(false);
  if (!show) return;
  std::vector<const std::uint32_t*> blend;  // bottom first
  bool mapShown = false;
  const Geometry& g = *model_.referenceGeometry();
  computeIndexMap(g, grid_, slice_, map_);
  hasScan_ = model_.scan() != nullptr;
  if (auto scan = model_.scan()) scan_->update(*scan, map_);
  // The local metric map belongs to the active prediction: compare views of others skip it.
  if (auto metric = model_.metricMap();
      metric && metric->values.size() == g.voxelCount() &&
      (!predictionFilter_ || predictionFilter_ == model_.activePredictionId())) {
    metricMap_->update(*metric, map_, 0.75);
    metricMap_->setTitle(model_.metricMapName().toStdString());
    metricMap_->setVisible(true);
    mapShown = true;
  }
  auto composite = [&] {
    if (blend.empty()) return;
    overlayPixels_.resize(map_.size());
    blendOverlays(blend, map_.size(), overlayPixels_.data());
  };

  const SegmentationLayer* gt = model_.groundTruth();
  const auto preds = shownPredictions();
  const SegmentationLayer* active =
      predictionFilter_ ? model_.layer(predictionFilter_) : model_.activePrediction();
  if (model_.displayMode() == DisplayMode::ErrorMap && gt && active) {
    errors_->update(*gt->image, *active->image, map_, errorMapLabel(model_, *active->image),
                    gt->opacity,
                    [this](std::uint32_t v) { return model_.labelVisible(v); });
    if (mapShown) blend.push_back(metricMap_->pixels());
    blend.push_back(errors_->pixels());
    composite();
    return;
  }
  auto draw = [&](const SegmentationLayer& layer, const std::optional<colors::Rgb>& focus) {
    auto it = labels_.find(layer.id);
    if (it == labels_.end() || layer.mode == OverlayMode::Hidden) return;
    it->second->update(*layer.image, grid_, map_, codeColors(layer, focus),
                       layer.mode == OverlayMode::Outline);
    blend.push_back(it->second->pixels());
  };
  const std::uint32_t selected = model_.selectedLabel();
  if (gt && gt->visible) {
    draw(*gt, std::nullopt);
    // The selected label stands out: an opaque outline in a colour no label and no error uses.
    if (selected && gt->mode != OverlayMode::Hidden && model_.labelVisible(selected)) {
      std::vector<std::uint32_t> lut(gt->image->codeCount(), 0u);
      if (const int code = gt->image->codeOf(selected); code > 0)
        lut[std::size_t(code)] = colors::packRgba(colors::kFocusOutline, 1.0);
      focusOutline_->update(*gt->image, grid_, map_, lut, true);
      blend.push_back(focusOutline_->pixels());
    }
  }
  if (mapShown) blend.push_back(metricMap_->pixels());
  // The first prediction in the list is drawn on top: the last one is blended first. With a
  // label selected each prediction's outline of it has its own colour (colors::predictionColor).
  const auto& all = model_.predictions();
  for (std::size_t i = preds.size(); i-- > 0;) {
    std::size_t index = 0;
    while (index < all.size() && all[index].id != preds[i]->id) ++index;
    draw(*preds[i], selected ? std::optional<colors::Rgb>(colors::predictionColor(index)) : std::nullopt);
  }
  composite();
}

void SliceScene::updateCrosshairGeometry() {
  crossActor_->SetVisibility(hasGrid_ && crosshairVisible_);
  if (!hasGrid_) return;
  const Vec3 c = grid_.fromPhysical(model_.crosshair());
  const double x0 = grid_.x0 - grid_.dx / 2, x1 = grid_.x0 + (grid_.width - 0.5) * grid_.dx;
  const double y0 = grid_.y0 - grid_.dy / 2, y1 = grid_.y0 + (grid_.height - 0.5) * grid_.dy;
  crossPoints_->SetPoint(0, x0, c[1], kCrossDepth);
  crossPoints_->SetPoint(1, x1, c[1], kCrossDepth);
  crossPoints_->SetPoint(2, c[0], y0, kCrossDepth);
  crossPoints_->SetPoint(3, c[0], y1, kCrossDepth);
  crossPoints_->Modified();
  crossData_->Modified();
}

std::string SliceScene::titleText() const {
  if (!predictionFilter_) return viewAxisName(axis_);
  const SegmentationLayer* p = model_.layer(predictionFilter_);
  if (!p) return viewAxisName(axis_);
  const std::uint32_t label = model_.selectedLabel();
  const std::string what = label ? model_.labelName(label).toStdString() : "foreground";
  char dice[64] = "Dice ...";
  if (auto d = model_.dice(predictionFilter_, label)) std::snprintf(dice, sizeof dice, "Dice %.3f", *d);
  else if (model_.overlap(predictionFilter_)) std::snprintf(dice, sizeof dice, "Dice n/a");
  return p->name.toStdString() + "  " + dice + " (" + what + ")";
}

void SliceScene::onStartRender(vtkObject*, unsigned long, void* self, void*) {
  auto* scene = static_cast<SliceScene*>(self);
  scene->applyCamera();
  scene->compose();
}

CompositeRegion SliceScene::visibleRegion() const {
  CompositeRegion r;
  r.width = grid_.width;
  r.height = grid_.height;
  const int* size = renderer_->GetSize();
  if (size[0] <= 0 || size[1] <= 0) return r;
  const double mm = mmPerPixel();
  auto factor = [](double pixelsPerVoxel) {
    return pixelsPerVoxel <= kUpsampleAbove ? 1 : std::min(kMaxUpsample, int(std::ceil(pixelsPerVoxel)));
  };
  r.fx = factor(grid_.dx / mm);
  r.fy = factor(grid_.dy / mm);
  if (r.fx == 1 && r.fy == 1) return r;  // the whole slice: panning needs no new composite
  // Only the visible voxels (plus one for the bilinear taps) are upsampled.
  const ViewCamera cam = camera();
  const double cx = (grid_.width - 1) / 2.0 + cam.panX / grid_.dx;
  const double cy = (grid_.height - 1) / 2.0 + cam.panY / grid_.dy;
  const double hx = size[0] * mm / 2 / grid_.dx, hy = size[1] * mm / 2 / grid_.dy;
  const int x0 = std::clamp(int(std::floor(cx - hx)) - 1, 0, grid_.width - 1);
  const int x1 = std::clamp(int(std::ceil(cx + hx)) + 1, 0, grid_.width - 1);
  const int y0 = std::clamp(int(std::floor(cy - hy)) - 1, 0, grid_.height - 1);
  const int y1 = std::clamp(int(std::ceil(cy + hy)) + 1, 0, grid_.height - 1);
  r.x0 = x0;
  r.y0 = y0;
  r.width = x1 - x0 + 1;
  r.height = y1 - y0 + 1;
  return r;
}

void SliceScene::compose() {
  if (!hasGrid_ || slice_ < 0 || !view_->actor()->GetVisibility()) return;
  const CompositeRegion r = visibleRegion();
  if (!composeDirty_ && r == composed_) return;
  const double dx = grid_.dx / r.fx, dy = grid_.dy / r.fy;
  view_->setPlacement(grid_.x0 + (r.x0 - 0.5) * grid_.dx + dx / 2,
                      grid_.y0 + (r.y0 - 0.5) * grid_.dy + dy / 2, dx, dy, r.texelsX(),
                      r.texelsY());
  const bool scan = hasScan_ && scan_->gray().size() == map_.size();
  composeSlice(scan ? scan_->gray().data() : nullptr,
               overlayPixels_.size() == map_.size() ? overlayPixels_.data() : nullptr,
               grid_.width, grid_.height, r, view_->rgbPixels());
  view_->markModified();
  composed_ = r;
  composeDirty_ = false;
}

ViewMapping SliceScene::mapping() const {
  ViewMapping m;
  const int* size = renderer_->GetSize();
  const int* origin = renderer_->GetOrigin();
  if (hasGrid_) m.grid = grid_;
  m.camera = camera();
  m.originX = origin[0], m.originY = origin[1];
  m.width = size[0], m.height = size[1];
  m.slice = std::max(slice_, 0);
  return m;
}

double SliceScene::mmPerPixel() const { return hasGrid_ ? mapping().mmPerPixel() : 1.0; }

ViewCamera SliceScene::camera() const { return camera_ ? *camera_ : model_.camera(axis_); }

void SliceScene::setCamera(std::optional<ViewCamera> camera) {
  camera_ = camera;
  composeDirty_ = true;
}

void SliceScene::applyCamera() {
  const ViewMapping m = mapping();
  if (!hasGrid_ || !m.valid()) return;
  const auto c = m.centre();
  vtkCamera* camera = renderer_->GetActiveCamera();
  camera->SetFocalPoint(c[0], c[1], 0);
  camera->SetPosition(c[0], c[1], 1000);
  camera->SetViewUp(0, 1, 0);
  camera->SetParallelScale(m.mmPerPixel() * double(m.height) / 2);
  camera->SetClippingRange(1, 2000);
}

Vec3 SliceScene::displayToPhysical(double px, double py) const {
  if (!hasGrid_) return {0, 0, 0};
  return mapping().displayToPhysical(px, py);
}

std::array<double, 2> SliceScene::physicalToDisplay(const Vec3& p) const {
  if (!hasGrid_) return {0, 0};
  return mapping().physicalToDisplay(p);
}

}  // namespace seglens
