#pragma once
// Everything one slice view draws, as a vtkRenderer that can live in any render window: the Qt
// widget's, or an offscreen window of any size for headless screenshots. Owns one pipeline per
// displayed layer (scan, GT, each prediction, error map) and the crosshair. Its text is drawn by
// render/Annotation's SliceAnnotation on a layer above, in the viewer and the exports alike.
// Reads the model, never writes it.
#include <vtkSmartPointer.h>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "render/OverlayColors.h"
#include "render/SliceCompositor.h"
#include "model/ViewGeometry.h"
#include "model/ViewMapping.h"
#include "model/ViewerModel.h"

class vtkActor;
class vtkCallbackCommand;
class vtkObject;
class vtkPoints;
class vtkPolyData;
class vtkRenderWindow;
class vtkRenderer;

namespace seglens {

class ErrorSlicePipeline;
class LabelSlicePipeline;
class MetricMapPipeline;
class ScanSlicePipeline;
class SliceImageActor;
class ViewerModel;
struct SegmentationLayer;

class SliceScene {
 public:
  SliceScene(const ViewerModel& model, ViewAxis axis);
  ~SliceScene();
  SliceScene(const SliceScene&) = delete;
  SliceScene& operator=(const SliceScene&) = delete;

  vtkRenderer* renderer() const;
  // Settings a window hosting slice scenes needs: no multisampling (2D voxels gain nothing from
  // it, and it multiplies the fragment work of software OpenGL by 8).
  static void configureWindow(vtkRenderWindow* window);
  ViewAxis axis() const { return axis_; }
  // Compare views each show one prediction whatever the layer list says; 0 follows the model.
  void setPredictionFilter(int predictionId);
  int predictionFilter() const { return predictionFilter_; }
  // Text size multiplier for magnified offscreen exports.
  void setFontScale(double scale);
  // Figures draw no crosshair. Text (letters, position, legend, title, scale bar) is not the
  // scene's: the viewer and the exports draw the same SliceAnnotation pieces over it.
  void setCrosshairVisible(bool visible);
  // Figures framed on their own (a montage on its label) ignore the view's zoom and pan.
  void setCamera(std::optional<ViewCamera> camera);

  // Model-change entry points; each redoes only what that change affects.
  void rebuild();            // data, grid or convention changed
  void refreshOverlays();    // colours, modes, visibility, display mode
  void refreshCrosshair();   // crosshair moved (may change the slice)
  void refreshWindowLevel();
  // Moves to slice `k` directly (the scroll benchmark bypasses the model's crosshair).
  void showSlice(int k);

  const SliceGrid& grid() const { return grid_; }
  bool hasData() const { return hasGrid_; }
  int slice() const { return slice_; }
  // Renderer pixel coordinates (origin bottom-left, device pixels) <-> physical LPS point on
  // the current slice. Valid once the renderer has a size.
  Vec3 displayToPhysical(double px, double py) const;
  std::array<double, 2> physicalToDisplay(const Vec3& p) const;
  // Millimetres per device pixel at the current zoom.
  double mmPerPixel() const;
  // The viewport's mapping onto the patient (grid, camera, viewport): one formula, model/ViewMapping.
  ViewMapping mapping() const;
  // "pred_a  Dice 0.912 (label)" in compare views (one prediction each), else the axis name.
  std::string titleText() const;

 private:
  static void onStartRender(vtkObject*, unsigned long, void* self, void*);
  void applyCamera();
  ViewCamera camera() const;
  // Blends scan and overlays into the drawn image for the renderer's current size and zoom.
  void compose();
  CompositeRegion visibleRegion() const;
  void updateLayers();
  void updateCrosshairGeometry();
  // Packed RGBA per code of a layer's image; the selected label in `focusColor` when given.
  std::vector<std::uint32_t> codeColors(const SegmentationLayer& layer,
                                        const std::optional<colors::Rgb>& focusColor = {}) const;
  std::vector<const SegmentationLayer*> shownPredictions() const;

  const ViewerModel& model_;
  ViewAxis axis_;
  int predictionFilter_ = 0;
  std::optional<ViewCamera> camera_;
  double fontScale_ = 1.0;
  bool crosshairVisible_ = true;
  SliceGrid grid_;
  bool hasGrid_ = false;
  int slice_ = -1;
  std::vector<std::int32_t> map_;

  vtkSmartPointer<vtkRenderer> renderer_;
  vtkSmartPointer<vtkCallbackCommand> startCallback_;
  std::unique_ptr<ScanSlicePipeline> scan_;
  std::map<int, std::unique_ptr<LabelSlicePipeline>> labels_;  // by layer id
  std::unique_ptr<ErrorSlicePipeline> errors_;
  std::unique_ptr<LabelSlicePipeline> focusOutline_;  // the selected label's GT outline
  std::unique_ptr<MetricMapPipeline> metricMap_;
  // All overlay layers blended, one RGBA per slice pixel (empty: no overlay shown).
  std::vector<std::uint32_t> overlayPixels_;
  // The one image the view draws: scan and overlays composed on the CPU.
  std::unique_ptr<SliceImageActor> view_;
  CompositeRegion composed_;
  bool composeDirty_ = true;
  bool hasScan_ = false;
  vtkSmartPointer<vtkPoints> crossPoints_;
  vtkSmartPointer<vtkPolyData> crossData_;
  vtkSmartPointer<vtkActor> crossActor_;
};

}  // namespace seglens
