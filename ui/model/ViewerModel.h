#pragma once
// The viewer's application state: loaded layers, active prediction, selected label, display
// modes, window/level, crosshair and per-axis camera. No widgets and no VTK: views observe the
// signals and call the setters, so this is the one place where state lives (and is unit-tested).
#include <QObject>
#include <QString>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "LabelImage.h"
#include "LabelTable.h"
#include "OverlapEngine.h"
#include "ScalarImage.h"
#include "model/JobSlot.h"
#include "model/ViewGeometry.h"
#include "model/WindowLevel.h"
#include "WindowedMap.h"

namespace seglens {

enum class LayerRole { Scan, GroundTruth, Prediction };
enum class OverlayMode { Fill, Outline, Hidden };
enum class DisplayMode { Labels, ErrorMap };
// Error map over all labels (a voxel is wrong when its labels differ) or the selected label only.
enum class ErrorScope { AllLabels, SelectedLabel };
enum class Layout { Grid2x2, Row1x3, Single };
enum class ViewId { Axial = 0, Coronal = 1, Sagittal = 2, ThreeD = 3 };
// 3D prediction surface: label colours, TP/FP membership (inside / outside the GT label), or
// signed distance to the GT surface of the same label (mm, positive outside the GT).
enum class SurfaceColoring { Label, Membership, SignedDistance };

const char* layerRoleName(LayerRole role);
const char* overlayModeName(OverlayMode mode);

struct SegmentationLayer {
  int id = 0;
  QString name;
  QString path;
  std::shared_ptr<const LabelImage> image;
  bool visible = true;
  OverlayMode mode = OverlayMode::Fill;  // a GT's default (model/ViewSetup: OverlayStyle::Outline)
  double opacity = 0.5;                  // OverlayDefaults::kGtOpacity
  // Set when the image is not the file's own grid (resampled on load): exports report it.
  QString resampleNote;
};

class ViewerModel : public QObject {
  Q_OBJECT
 public:
  explicit ViewerModel(QObject* parent = nullptr);

  // --- Data -------------------------------------------------------------------------------
  std::shared_ptr<const ScalarImage> scan() const { return scan_; }
  const QString& scanPath() const { return scanPath_; }
  const SegmentationLayer* groundTruth() const { return gt_ ? &*gt_ : nullptr; }
  const std::vector<SegmentationLayer>& predictions() const { return predictions_; }
  const SegmentationLayer* activePrediction() const;
  int activePredictionId() const { return activePrediction_; }
  const SegmentationLayer* layer(int id) const;
  const LabelTable& labelTable() const { return labelTable_; }
  // Counts label-table changes: results that carry label names key on it.
  int labelTableRevision() const { return labelTableRevision_; }
  const QString& labelTablePath() const { return labelTablePath_; }
  // The grid every layer is displayed on: the scan's, else the GT's, else the first prediction's.
  const Geometry* referenceGeometry() const;
  bool hasData() const { return referenceGeometry() != nullptr; }

  void setScan(std::shared_ptr<const ScalarImage> scan, const QString& path);
  // `resampleNote`: non-empty when `image` was resampled from the file's grid (see
  // SegmentationLayer::resampleNote).
  void setGroundTruth(std::shared_ptr<const LabelImage> image, const QString& path,
                      const QString& resampleNote = {});
  int addPrediction(std::shared_ptr<const LabelImage> image, const QString& path,
                    const QString& resampleNote = {});
  void removePrediction(int id);
  // Removes a prediction or closes the GT (the scan stays).
  void removeLayer(int id);
  // Another file as the prediction `id`: its place and display settings stay, its overlap and
  // everything derived from it are recomputed.
  void replaceLayerFile(int id, std::shared_ptr<const LabelImage> image, const QString& path,
                        const QString& resampleNote = {});
  // Moves a prediction to `index` in the list (list order = drawing order, first on top).
  void movePrediction(int id, int index);
  void setActivePrediction(int id);
  void setLabelTable(LabelTable table, const QString& path);

  void setLayerVisible(int id, bool visible);
  void setLayerMode(int id, OverlayMode mode);
  void setLayerOpacity(int id, double opacity);

  // --- Labels -----------------------------------------------------------------------------
  // Non-zero labels present in the GT or any prediction (the label table's entries when none is
  // loaded), ascending.
  std::vector<std::uint32_t> labels() const;
  QString labelName(std::uint32_t label) const;
  // The table's colour, unless it is too dark to see on a scan (the AAL table ships black
  // labels): then a generated distinct colour.
  std::array<std::uint8_t, 3> labelColor(std::uint32_t label) const;
  std::uint32_t selectedLabel() const { return selectedLabel_; }  // 0: none
  void setSelectedLabel(std::uint32_t label);
  // Selects `label` and moves the crosshair onto it (the GT's voxel nearest its centroid, else
  // the active prediction's), so every view shows it.
  // Selects `label` and moves the crosshair onto it (labelFocusVoxel, off the UI thread: a pass
  // over the label's box costs tens of ms on large volumes). The crosshair moves when the job
  // lands, unless another label was selected meanwhile.
  void focusLabel(std::uint32_t label);
  bool focusPending() const { return focus_.busy(); }
  // The same, at once (scripted figures without an event loop: seglens-cli screenshot).
  void focusLabelNow(std::uint32_t label);
  bool labelVisible(std::uint32_t label) const { return hiddenLabels_.count(label) == 0; }
  void setLabelVisible(std::uint32_t label, bool visible);
  void setAllLabelsVisible(bool visible);

  // --- Display ----------------------------------------------------------------------------
  DisplayMode displayMode() const { return displayMode_; }
  void setDisplayMode(DisplayMode mode);
  ErrorScope errorScope() const { return errorScope_; }
  void setErrorScope(ErrorScope scope);
  Convention convention() const { return convention_; }
  void setConvention(Convention convention);
  Layout layout() const { return layout_; }
  void setLayout(Layout layout);
  ViewId maximizedView() const { return maximizedView_; }
  // Single layout showing `view`; calling it again on the same view returns to the last layout.
  void toggleMaximized(ViewId view);
  bool compareMode() const { return compareMode_; }
  void setCompareMode(bool on);
  ViewAxis compareAxis() const { return compareAxis_; }
  void setCompareAxis(ViewAxis axis);
  SurfaceColoring surfaceColoring() const { return surfaceColoring_; }
  void setSurfaceColoring(SurfaceColoring coloring);

  WindowLevel windowLevel() const { return windowLevel_; }
  void setWindowLevel(const WindowLevel& wl);
  // Applies preset `index` of windowPresets() (the automatic one uses the scan's percentiles).
  void applyWindowPreset(int index);

  const Vec3& crosshair() const { return crosshair_; }
  // Clamped to the reference volume so the crosshair never leaves the data.
  void setCrosshair(const Vec3& p);
  // Moves the crosshair by whole voxels of the reference grid along an anatomical direction.
  void stepCrosshair(const Vec3& direction, double mm);
  void resetCrosshair();

  ViewCamera camera(ViewAxis axis) const { return cameras_[int(axis)]; }
  void setCamera(ViewAxis axis, const ViewCamera& camera);
  // Cameras to fit, crosshair to the centre: the R key.
  void resetViews();

  // What lies under a physical point, for the status line.
  struct Probe {
    bool inside = false;
    std::array<long, 3> index{0, 0, 0};
    std::optional<double> scanValue;
    std::optional<std::uint32_t> gtLabel, predLabel;
  };
  Probe probe(const Vec3& p) const;

  // --- Overlap results (filled by OverlapJobs) --------------------------------------------
  std::shared_ptr<const OverlapCounts> overlap(int predictionId) const;
  void setOverlap(int predictionId, std::shared_ptr<const OverlapCounts> counts);
  // Dice of a prediction for `label` (0: foreground), once its overlap is known.
  std::optional<double> dice(int predictionId, std::uint32_t label) const;
  // Swaps a prediction's image for another on the same grid (live thresholding of a
  // probability map) together with its already computed overlap, so nothing recomputes it.
  void replacePrediction(int id, std::shared_ptr<const LabelImage> image,
                         std::shared_ptr<const OverlapCounts> counts);

  // --- Local metric map (filled by MetricsModel) ------------------------------------------
  // A float map on the reference grid drawn as a heat overlay; null hides it.
  std::shared_ptr<const WindowedMap> metricMap() const { return metricMap_; }
  const QString& metricMapName() const { return metricMapName_; }
  void setMetricMap(std::shared_ptr<const WindowedMap> map, const QString& name);

 Q_SIGNALS:
  void dataChanged();  // layers added, removed, replaced or reordered; label table replaced
  void overlayChanged();  // anything that changes overlay pixels but not the data
  void activePredictionChanged();
  void selectedLabelChanged();
  void crosshairChanged();
  void windowLevelChanged();
  void layoutChanged();
  void conventionChanged();
  void cameraChanged(seglens::ViewAxis axis);
  void overlapChanged();
  void surfaceColoringChanged();

 private:
  JobSlot<std::optional<Vec3>> focus_{this};
  SegmentationLayer* mutableLayer(int id);
  std::shared_ptr<const LabelImage> focusImage(std::uint32_t label) const;
  void afterDataChange(bool firstData);

  std::shared_ptr<const ScalarImage> scan_;
  QString scanPath_;
  std::optional<SegmentationLayer> gt_;
  std::vector<SegmentationLayer> predictions_;
  int activePrediction_ = 0;
  int nextId_ = 1;
  LabelTable labelTable_;
  int labelTableRevision_ = 0;
  QString labelTablePath_;
  std::uint32_t selectedLabel_ = 0;
  std::set<std::uint32_t> hiddenLabels_;
  DisplayMode displayMode_ = DisplayMode::Labels;
  // A selected label scopes the error map unless the user asks for all labels.
  ErrorScope errorScope_ = ErrorScope::SelectedLabel;
  Convention convention_ = Convention::Radiological;
  Layout layout_ = Layout::Grid2x2;
  Layout layoutBeforeSingle_ = Layout::Grid2x2;
  ViewId maximizedView_ = ViewId::Axial;
  bool compareMode_ = false;
  ViewAxis compareAxis_ = ViewAxis::Axial;
  SurfaceColoring surfaceColoring_ = SurfaceColoring::Label;
  WindowLevel windowLevel_;
  Vec3 crosshair_{0, 0, 0};
  ViewCamera cameras_[3];
  std::map<int, std::shared_ptr<const OverlapCounts>> overlaps_;
  std::shared_ptr<const WindowedMap> metricMap_;
  QString metricMapName_;
};

}  // namespace seglens
