#include "model/ViewerModel.h"
#include "model/ViewSetup.h"

#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <variant>

#include "IndexBox.h"
#include "Metrics.h"
#include "WindowedMap.h"

namespace seglens {

const char* layerRoleName(LayerRole role) {
  switch (role) {
    case LayerRole::Scan: return "scan";
    case LayerRole::GroundTruth: return "ground truth";
    case LayerRole::Prediction: return "prediction";
  }
  return "";
}

const char* overlayModeName(OverlayMode mode) {
  switch (mode) {
    case OverlayMode::Fill: return "Filled";
    case OverlayMode::Outline: return "Outline";
    case OverlayMode::Hidden: return "Hidden";
  }
  return "";
}

namespace {

QString displayName(const QString& path) {
  QString name = QFileInfo(path).fileName();
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd"}) {
    if (name.endsWith(ext, Qt::CaseInsensitive)) return name.left(name.size() - int(strlen(ext)));
  }
  return name;
}

}  // namespace

ViewerModel::ViewerModel(QObject* parent) : QObject(parent) {}

const SegmentationLayer* ViewerModel::activePrediction() const { return layer(activePrediction_); }

const SegmentationLayer* ViewerModel::layer(int id) const {
  return const_cast<ViewerModel*>(this)->mutableLayer(id);
}

SegmentationLayer* ViewerModel::mutableLayer(int id) {
  if (gt_ && gt_->id == id) return &*gt_;
  for (auto& p : predictions_)
    if (p.id == id) return &p;
  return nullptr;
}

const Geometry* ViewerModel::referenceGeometry() const {
  if (scan_) return &scan_->geometry;
  if (gt_) return &gt_->image->geometry;
  if (!predictions_.empty()) return &predictions_.front().image->geometry;
  return nullptr;
}

void ViewerModel::afterDataChange(bool firstData) {
  if (firstData) {
    for (auto& c : cameras_) c = {};
    resetCrosshair();
  }
  Q_EMIT dataChanged();
}

void ViewerModel::setScan(std::shared_ptr<const ScalarImage> scan, const QString& path) {
  const bool first = !hasData();
  scan_ = std::move(scan);
  scanPath_ = path;
  if (scan_) windowLevel_ = percentileWindow(scan_);
  afterDataChange(first || !scan_);
  Q_EMIT windowLevelChanged();
}

void ViewerModel::setGroundTruth(std::shared_ptr<const LabelImage> image, const QString& path,
                                 const QString& resampleNote) {
  const bool first = !hasData();
  if (!image) {
    gt_.reset();
  } else {
    SegmentationLayer layer;
    if (gt_) layer = *gt_;  // keep display settings when replacing the GT
    else layer.id = nextId_++;
    layer.name = displayName(path);
    layer.path = path;
    layer.image = std::move(image);
    layer.resampleNote = resampleNote;
    gt_ = layer;
  }
  overlaps_.clear();  // every prediction's overlap was against the old GT
  afterDataChange(first);
  Q_EMIT overlapChanged();
}

int ViewerModel::addPrediction(std::shared_ptr<const LabelImage> image, const QString& path,
                               const QString& resampleNote) {
  const bool first = !hasData();
  SegmentationLayer layer;
  layer.id = nextId_++;
  layer.name = displayName(path);
  layer.path = path;
  layer.image = std::move(image);
  layer.resampleNote = resampleNote;
  // Predictions are drawn as outlines over the filled GT; only the active one is shown at first
  // so several predictions do not pile up on one slice.
  layer.mode = OverlayMode::Outline;
  layer.opacity = OverlayDefaults::kPredOpacity;
  layer.visible = predictions_.empty();
  predictions_.push_back(layer);
  if (!activePrediction()) activePrediction_ = layer.id;
  afterDataChange(first);
  Q_EMIT activePredictionChanged();
  return layer.id;
}

void ViewerModel::removePrediction(int id) {
  auto it = std::find_if(predictions_.begin(), predictions_.end(),
                         [&](const SegmentationLayer& l) { return l.id == id; });
  if (it == predictions_.end()) return;
  predictions_.erase(it);
  overlaps_.erase(id);
  if (activePrediction_ == id) {
    activePrediction_ = predictions_.empty() ? 0 : predictions_.front().id;
    Q_EMIT activePredictionChanged();
  }
  afterDataChange(false);
}

void ViewerModel::removeLayer(int id) {
  if (gt_ && gt_->id == id) setGroundTruth(nullptr, QString());
  else removePrediction(id);
}

void ViewerModel::replaceLayerFile(int id, std::shared_ptr<const LabelImage> image,
                                   const QString& path, const QString& resampleNote) {
  SegmentationLayer* l = mutableLayer(id);
  if (!l || (gt_ && gt_->id == id) || !image) return;
  l->image = std::move(image);
  l->path = path;
  l->name = displayName(path);
  l->resampleNote = resampleNote;
  overlaps_.erase(id);
  afterDataChange(false);
}

void ViewerModel::movePrediction(int id, int index) {
  auto it = std::find_if(predictions_.begin(), predictions_.end(),
                         [&](const SegmentationLayer& l) { return l.id == id; });
  if (it == predictions_.end()) return;
  index = std::clamp(index, 0, int(predictions_.size()) - 1);
  const int from = int(it - predictions_.begin());
  if (from == index) return;
  SegmentationLayer moved = *it;
  predictions_.erase(it);
  predictions_.insert(predictions_.begin() + index, moved);
  afterDataChange(false);
}

void ViewerModel::setActivePrediction(int id) {
  const SegmentationLayer* l = layer(id);
  if (!l || (gt_ && gt_->id == id) || id == activePrediction_) return;
  activePrediction_ = id;
  // The active prediction is the one the user wants to see.
  mutableLayer(id)->visible = true;
  Q_EMIT activePredictionChanged();
  Q_EMIT overlayChanged();
}

void ViewerModel::setLabelTable(LabelTable table, const QString& path) {
  labelTable_ = std::move(table);
  labelTablePath_ = path;
  ++labelTableRevision_;
  Q_EMIT dataChanged();
}

void ViewerModel::setLayerVisible(int id, bool visible) {
  SegmentationLayer* l = mutableLayer(id);
  if (!l || l->visible == visible) return;
  l->visible = visible;
  Q_EMIT overlayChanged();
}

void ViewerModel::setLayerMode(int id, OverlayMode mode) {
  SegmentationLayer* l = mutableLayer(id);
  if (!l || l->mode == mode) return;
  l->mode = mode;
  Q_EMIT overlayChanged();
}

void ViewerModel::setLayerOpacity(int id, double opacity) {
  SegmentationLayer* l = mutableLayer(id);
  opacity = std::clamp(opacity, 0.0, 1.0);
  if (!l || l->opacity == opacity) return;
  l->opacity = opacity;
  Q_EMIT overlayChanged();
}

std::vector<std::uint32_t> ViewerModel::labels() const {
  std::set<std::uint32_t> all;
  auto addFrom = [&](const SegmentationLayer& l) {
    for (auto v : l.image->presentLabels()) all.insert(v);
  };
  if (gt_) addFrom(*gt_);
  for (const auto& p : predictions_) addFrom(p);
  if (!gt_ && predictions_.empty())
    for (const auto& [value, info] : labelTable_.entries())
      if (value != 0) all.insert(value);
  return {all.begin(), all.end()};
}

QString ViewerModel::labelName(std::uint32_t label) const {
  return QString::fromStdString(labelTable_.name(label));
}

std::array<std::uint8_t, 3> ViewerModel::labelColor(std::uint32_t label) const {
  const auto c = labelTable_.color(label);
  const double luminance = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  return luminance < 40 ? LabelTable::generatedColor(label) : c;
}

void ViewerModel::setSelectedLabel(std::uint32_t label) {
  if (label == selectedLabel_) return;
  selectedLabel_ = label;
  Q_EMIT selectedLabelChanged();
  Q_EMIT overlayChanged();
}

namespace {

std::optional<Vec3> focusPoint(const LabelImage& image, std::uint32_t label) {
  std::optional<Vec3> at;
  if (const auto v = labelFocusVoxel(image, label))
    at = image.geometry.indexToPhysical(double((*v)[0]), double((*v)[1]), double((*v)[2]));
  return at;
}

}  // namespace

std::shared_ptr<const LabelImage> ViewerModel::focusImage(std::uint32_t label) const {
  // The GT's voxels when it has the label, else the active prediction's.
  if (label == 0) return nullptr;
  if (gt_ && gt_->image->voxelsOf(label) > 0) return gt_->image;
  if (const SegmentationLayer* p = activePrediction(); p && p->image->voxelsOf(label) > 0)
    return p->image;
  return nullptr;
}

void ViewerModel::focusLabelNow(std::uint32_t label) {
  setSelectedLabel(label);
  if (auto image = focusImage(label))
    if (const auto at = focusPoint(*image, label)) setCrosshair(*at);
}

void ViewerModel::focusLabel(std::uint32_t label) {
  setSelectedLabel(label);
  auto image = focusImage(label);
  if (!image) return;
  focus_.request(
      InputKey().object(image).setting(label),
      [image, label](Progress&) { return focusPoint(*image, label); },
      [this, label](std::optional<Vec3> at) {
        if (at && selectedLabel_ == label) setCrosshair(*at);
      });
}

void ViewerModel::setLabelVisible(std::uint32_t label, bool visible) {
  if (labelVisible(label) == visible) return;
  if (visible) hiddenLabels_.erase(label);
  else hiddenLabels_.insert(label);
  Q_EMIT overlayChanged();
}

void ViewerModel::setAllLabelsVisible(bool visible) {
  hiddenLabels_.clear();
  if (!visible)
    for (auto v : labels()) hiddenLabels_.insert(v);
  Q_EMIT overlayChanged();
}

void ViewerModel::setDisplayMode(DisplayMode mode) {
  if (mode == displayMode_) return;
  displayMode_ = mode;
  Q_EMIT overlayChanged();
}

void ViewerModel::setErrorScope(ErrorScope scope) {
  if (scope == errorScope_) return;
  errorScope_ = scope;
  Q_EMIT overlayChanged();
}

void ViewerModel::setConvention(Convention convention) {
  if (convention == convention_) return;
  convention_ = convention;
  for (auto& c : cameras_) c.panX = -c.panX;  // pan is in screen axes, which just flipped
  Q_EMIT conventionChanged();
}

void ViewerModel::setLayout(Layout layout) {
  if (layout == layout_ && !compareMode_) return;
  if (layout != Layout::Single) layoutBeforeSingle_ = layout;
  layout_ = layout;
  compareMode_ = false;
  Q_EMIT layoutChanged();
}

void ViewerModel::toggleMaximized(ViewId view) {
  if (layout_ == Layout::Single && maximizedView_ == view) {
    layout_ = layoutBeforeSingle_;
  } else {
    if (layout_ != Layout::Single) layoutBeforeSingle_ = layout_;
    layout_ = Layout::Single;
    maximizedView_ = view;
  }
  compareMode_ = false;
  Q_EMIT layoutChanged();
}

void ViewerModel::setCompareMode(bool on) {
  if (on == compareMode_) return;
  compareMode_ = on;
  Q_EMIT layoutChanged();
}

void ViewerModel::setCompareAxis(ViewAxis axis) {
  if (axis == compareAxis_) return;
  compareAxis_ = axis;
  Q_EMIT layoutChanged();
}

void ViewerModel::setSurfaceColoring(SurfaceColoring coloring) {
  if (coloring == surfaceColoring_) return;
  surfaceColoring_ = coloring;
  Q_EMIT surfaceColoringChanged();
}

void ViewerModel::setWindowLevel(const WindowLevel& wl) {
  WindowLevel v = wl;
  v.window = std::max(v.window, 1e-6);
  if (v == windowLevel_) return;
  windowLevel_ = v;
  Q_EMIT windowLevelChanged();
}

void ViewerModel::applyWindowPreset(int index) {
  const auto& presets = windowPresets();
  if (index < 0 || index >= int(presets.size())) return;
  if (presets[std::size_t(index)].automatic) {
    if (scan_) setWindowLevel(percentileWindow(scan_));
  } else {
    setWindowLevel(presets[std::size_t(index)].value);
  }
}

void ViewerModel::setCrosshair(const Vec3& p) {
  Vec3 q = p;
  if (const Geometry* g = referenceGeometry()) {
    auto idx = g->physicalToIndex(p);
    for (int c = 0; c < 3; ++c) idx[c] = std::clamp(idx[c], 0.0, double(g->size[c]) - 1);
    q = g->indexToPhysical(idx[0], idx[1], idx[2]);
  }
  if (q == crosshair_) return;
  crosshair_ = q;
  Q_EMIT crosshairChanged();
}

void ViewerModel::stepCrosshair(const Vec3& direction, double mm) {
  setCrosshair({crosshair_[0] + direction[0] * mm, crosshair_[1] + direction[1] * mm,
                crosshair_[2] + direction[2] * mm});
}

void ViewerModel::resetCrosshair() {
  const Geometry* g = referenceGeometry();
  if (!g) return;
  // The centre voxel, so the crosshair sits exactly on a voxel of every view's grid.
  crosshair_ = g->indexToPhysical(std::floor(double(g->size[0]) / 2),
                                  std::floor(double(g->size[1]) / 2),
                                  std::floor(double(g->size[2]) / 2));
  Q_EMIT crosshairChanged();
}

void ViewerModel::setCamera(ViewAxis axis, const ViewCamera& camera) {
  ViewCamera c = camera;
  c.zoom = std::clamp(c.zoom, 0.05, 100.0);
  if (c == cameras_[int(axis)]) return;
  cameras_[int(axis)] = c;
  Q_EMIT cameraChanged(axis);
}

void ViewerModel::resetViews() {
  for (int a = 0; a < 3; ++a) setCamera(ViewAxis(a), ViewCamera{});
  resetCrosshair();
}

ViewerModel::Probe ViewerModel::probe(const Vec3& p) const {
  Probe r;
  const Geometry* g = referenceGeometry();
  if (!g) return r;
  const auto idx = g->physicalToIndex(p);
  for (int c = 0; c < 3; ++c) {
    r.index[std::size_t(c)] = std::lround(idx[std::size_t(c)]);
    if (r.index[std::size_t(c)] < 0 || r.index[std::size_t(c)] >= long(g->size[std::size_t(c)])) return r;
  }
  r.inside = true;
  // Every layer shares the reference grid (mismatches are resampled on load).
  const std::size_t lin = g->linearIndex(std::size_t(r.index[0]), std::size_t(r.index[1]),
                                         std::size_t(r.index[2]));
  if (scan_) r.scanValue = scan_->voxels[lin];
  if (gt_) r.gtLabel = gt_->image->labelAt(lin);
  if (const SegmentationLayer* a = activePrediction()) r.predLabel = a->image->labelAt(lin);
  return r;
}

std::shared_ptr<const OverlapCounts> ViewerModel::overlap(int predictionId) const {
  auto it = overlaps_.find(predictionId);
  return it == overlaps_.end() ? nullptr : it->second;
}

void ViewerModel::setOverlap(int predictionId, std::shared_ptr<const OverlapCounts> counts) {
  overlaps_[predictionId] = std::move(counts);
  Q_EMIT overlapChanged();
}

void ViewerModel::replacePrediction(int id, std::shared_ptr<const LabelImage> image,
                                    std::shared_ptr<const OverlapCounts> counts) {
  SegmentationLayer* l = mutableLayer(id);
  if (!l || (gt_ && gt_->id == id) || !image) return;
  l->image = std::move(image);
  if (counts) overlaps_[id] = std::move(counts);
  else overlaps_.erase(id);
  afterDataChange(false);
  Q_EMIT overlapChanged();
}

void ViewerModel::setMetricMap(std::shared_ptr<const WindowedMap> map, const QString& name) {
  if (map == metricMap_ && name == metricMapName_) return;
  metricMap_ = std::move(map);
  metricMapName_ = name;
  Q_EMIT overlayChanged();
}

std::optional<double> ViewerModel::dice(int predictionId, std::uint32_t label) const {
  auto counts = overlap(predictionId);
  if (!counts) return std::nullopt;
  const BinaryCounts b = label ? counts->binary(label) : counts->foreground();
  return overlapMetrics(label, b, counts->voxelVolume, Conventions{}).dice;
}

}  // namespace seglens
