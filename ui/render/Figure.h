#pragma once
// Export figures assembled from the viewer's own scenes (SliceScene, SurfaceScene) rendered
// offscreen at the final pixel size: one view, all views, a lightbox montage, or the same slice
// for the GT and every prediction side by side. Shared by File > Export and
// `seglens-cli screenshot`, so a scripted figure and a clicked one are the same picture.
#include <vtkSmartPointer.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "render/Annotation.h"
#include "Metrics.h"
#include "render/OffscreenRenderer.h"
#include "model/ViewerModel.h"

class vtkCamera;
class vtkPolyData;

namespace seglens {

enum class FigureKind { View, AllViews, Montage, Compare };

struct FigureRequest {
  FigureKind kind = FigureKind::View;
  ViewId view = ViewId::Axial;  // View: the view; Montage / Compare: the slice axis (not 3D)
  int width = 0, height = 0;    // final pixels; 0: defaultFigureSize() x magnification
  // 2x / 4x exports: text, lines and margins grow with it so the figure keeps its proportions.
  int magnification = 1;
  bool annotate = true;
  AnnotationOptions annotations;
  int montageCount = 12;  // evenly spaced slices within the label's extent ...
  int montageStep = 0;    // ... or, when > 0, every k-th slice
  int montageColumns = 0;  // 0: the grid that shows the slices largest
};

// Inputs the model does not hold: metrics (computed elsewhere, in the background in the GUI)
// and the 3D view's surfaces and camera.
struct FigureData {
  std::map<int, LabelMetrics> metrics;  // prediction id -> metrics for the figure's label
  vtkSmartPointer<vtkPolyData> gtSurface, predSurface;
  vtkCamera* camera = nullptr;  // 3D camera to copy; null: fit to the surfaces
};

struct FigureInfo {
  int tiles = 0;               // slice/3D tiles drawn (montage: slices shown)
  std::vector<int> slices;     // montage: slice indices (0-based), in tile order
  // Montage: each tile's 2D Dice of the label on its slice (what the tile prints), tile order.
  std::vector<std::optional<double>> sliceDice;
  int columns = 0, rows = 0;   // tile grid
  int headerHeight = 0;        // pixels above the tiles
};

std::pair<int, int> defaultFigureSize(const ViewerModel& model, const FigureRequest& request);

// Renders the figure. Throws std::runtime_error when there is nothing to show (no data, no
// prediction to compare, label absent for a montage).
RgbImage renderFigure(const ViewerModel& model, const FigureRequest& request,
                      const FigureData& data, OffscreenRenderer& renderer,
                      FigureInfo* info = nullptr);

// Physical point -> pixel of a single-view figure of that size (for tests and callers that
// mark positions): the same camera the scene uses.
std::array<double, 2> figurePixel(const ViewerModel& model, ViewAxis axis, int width, int height,
                                  const Vec3& p);

// Text-size multiplier for a tile of this many pixels at `magnification`: at least 1 per unit of
// magnification (legible on small tiles), growing with large tiles.
double tileFontScale(int width, int height, int magnification = 1);

// Zoom and pan that frame `label` (0: every label) with some context in a tile of the given
// aspect (width / height): montages of a small structure would otherwise show mostly brain.
ViewCamera cameraForLabel(const ViewerModel& model, ViewAxis axis, std::uint32_t label,
                          double tileAspect);

}  // namespace seglens
