#pragma once
// A per-slice profile plot (one curve per prediction, a marker at the current slice) as a plain
// vtkRenderer holding a 2D chart. No widget: a Qt view hosts renderer(), and renderToPng draws
// the same plot into an offscreen window of any size (the export of issue 6 uses that).
#include <vtkSmartPointer.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

class vtkChartXY;
class vtkContextActor;
class vtkRenderer;
class vtkTable;

namespace seglens {

struct ProfileCurve {
  std::string name;
  std::array<std::uint8_t, 3> color{0, 114, 178};
  // One value per slice; NaN is a gap (the line breaks there instead of dropping to zero).
  std::vector<double> values;
  bool dashed = false;
};

struct ProfileData {
  std::string title;
  std::string xTitle = "slice";
  std::string yTitle = "Dice";
  // x of values[i] is firstX + i (the slice number shown in the slice views).
  double firstX = 1;
  std::vector<ProfileCurve> curves;
  // Fixed y range for scores; counts set autoScaleY.
  double yMin = 0, yMax = 1;
  bool autoScaleY = false;
  // Shown x range (slice numbers), e.g. the label's extent with some context; unset: every slice.
  std::optional<std::pair<double, double>> xView;
};

class ProfileChart {
 public:
  ProfileChart();
  ~ProfileChart();
  ProfileChart(const ProfileChart&) = delete;
  ProfileChart& operator=(const ProfileChart&) = delete;

  vtkRenderer* renderer() const;
  void setData(const ProfileData& data);
  const ProfileData& data() const { return data_; }
  // Index into the curves' values of the marked slice; -1 hides the marker.
  void setCurrentSlice(int index);
  int currentSlice() const { return current_; }
  void setFontScale(double scale);

  // The value index under a renderer pixel (origin bottom-left, device pixels), or -1 when the
  // pixel is outside the plot area or there is no data. Valid after the chart has been drawn.
  int sliceAtDisplay(double x, double y) const;
  // Renderer pixel x of value index `index` (for tests and hit checks).
  double displayXOfSlice(int index) const;

  // Draws the current data and marker offscreen at w x h pixels and writes a PNG. The onscreen
  // plot is untouched (a private copy renders). False when the file cannot be written.
  bool renderToPng(const std::string& path, int width, int height) const;

 private:
  void rebuildPlots();
  void updateMarker();

  ProfileData data_;
  int current_ = -1;
  double fontScale_ = 1.0;
  vtkSmartPointer<vtkRenderer> renderer_;
  vtkSmartPointer<vtkContextActor> actor_;
  vtkSmartPointer<vtkChartXY> chart_;
  vtkSmartPointer<vtkTable> marker_;
};

}  // namespace seglens
