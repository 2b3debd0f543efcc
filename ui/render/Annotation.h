#pragma once
// Burned-in annotations for exported slice figures: metrics, prediction name, legend, slice
// position, orientation letters and a scale bar, each switchable. Drawn by a transparent overlay
// renderer on top of a SliceScene's renderer, so the scene itself stays exactly what the viewer
// shows. Every text has a dark backing box: legible on a white scan, a yellow FN region or black.
#include <vtkSmartPointer.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "Metrics.h"

class vtkActor2D;
class vtkPoints;
class vtkRenderer;
class vtkTextActor;

namespace seglens {

class SliceScene;
class ViewerModel;

struct AnnotationOptions {
  bool metrics = true;      // metrics of the tile's prediction for the selected label
  bool name = true;         // prediction name (title)
  bool legend = true;       // GT / prediction / TP / FP / FN or label colours
  bool position = true;     // slice index and depth in mm
  bool orientation = true;  // anatomical letters at the edges
  bool scaleBar = true;     // scale bar in mm
  // Metrics listed when `metrics` is on, in this order: dice, jaccard, f1, hd95.
  bool dice = true, jaccard = true, f1 = true, hd95 = true;

  bool any() const { return metrics || name || legend || position || orientation || scaleBar; }
  // Parses "metrics,legend,scalebar,orientation,position,name" (also "all", "none"); returns
  // false and names the bad item in `error`.
  static bool parse(const std::string& list, AnnotationOptions& out, std::string& error);
};

// "Dice 0.912  Jaccard 0.838  F1 0.912  HD95 2.24 mm" with the metrics switched on; "n/a" for
// undefined values, "..." when not computed yet.
std::string formatMetrics(const std::optional<LabelMetrics>& m, const AnnotationOptions& o);

// What one tile says about itself, beyond what the scene and model know.
struct TileText {
  std::string title;                     // e.g. prediction name and label; empty: none
  std::optional<LabelMetrics> metrics;   // shown under the title when options.metrics
  std::string corner;                    // replaces the slice position line when non-empty
};

// What the viewer's slice views show, from the same pieces the exports burn in: orientation
// letters, slice position and scale bar always; the TP/FP/FN legend in the error map; the
// prediction's name and Dice in compare views (one prediction each); no metrics line.
AnnotationOptions viewerAnnotations(const SliceScene& scene, const ViewerModel& model);
TileText viewerTileText(const SliceScene& scene);

class SliceAnnotation {
 public:
  SliceAnnotation();
  ~SliceAnnotation();
  SliceAnnotation(const SliceAnnotation&) = delete;
  SliceAnnotation& operator=(const SliceAnnotation&) = delete;

  // The overlay renderer: render it as a layer above scene.renderer().
  vtkRenderer* renderer() const;
  // Lays out the annotations for `scene` as it will be rendered at width x height pixels.
  // `fontScale` 1 suits a ~450 px tile.
  void update(const SliceScene& scene, const ViewerModel& model, const AnnotationOptions& options,
              const TileText& text, int width, int height, double fontScale);

 private:
  vtkSmartPointer<vtkTextActor> addText();
  // Stacked upwards from `bottomPx` at the right edge.
  void layoutLegend(const SliceScene& scene, const ViewerModel& model, int width, int height,
                    double fontScale, double bottomPx);
  void layoutScaleBar(const SliceScene& scene, int width, int height, double fontScale,
                      double bottomPx);

  vtkSmartPointer<vtkRenderer> renderer_;
  std::vector<vtkSmartPointer<vtkTextActor>> texts_;  // pooled; hidden when unused
  std::size_t used_ = 0;
  vtkSmartPointer<vtkPoints> barPoints_;
  vtkSmartPointer<vtkActor2D> bar_, barShadow_;
};

// A text-only strip (figure header): lines of text on a dark background, optional legend
// swatches on the right. Rendered as a tile of its own.
struct HeaderSwatch {
  std::array<std::uint8_t, 3> color;
  std::string text;
};

class HeaderStrip {
 public:
  HeaderStrip();
  ~HeaderStrip();
  vtkRenderer* renderer() const;
  void update(const std::vector<std::string>& lines, const std::vector<HeaderSwatch>& swatches,
              int width, int height, double fontScale);
  // Pixel height needed for `lines` lines at `fontScale`.
  static int heightFor(int lines, double fontScale);

 private:
  vtkSmartPointer<vtkRenderer> renderer_;
  std::vector<vtkSmartPointer<vtkTextActor>> texts_;
};

// Legend entries for a tile: TP/FP/FN in error mode; otherwise the label colours (the selected
// label, or the labels covering most of the shown slice) plus what fill and outline mean.
std::vector<HeaderSwatch> legendEntries(const SliceScene& scene, const ViewerModel& model,
                                        std::string* caption, std::size_t maxLabels = 6);

}  // namespace seglens
