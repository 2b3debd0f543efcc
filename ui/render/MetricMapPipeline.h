#pragma once
// The local metric map of a slice view (windowed Dice/Jaccard/F1 around every voxel) as a heat
// overlay with its colour bar. NaN (no reference or prediction in the window) stays transparent
// so the anatomy shows through where the metric means nothing.
#include <vtkSmartPointer.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>


class vtkLookupTable;
class vtkScalarBarActor;

namespace seglens {

struct WindowedMap;

class MetricMapPipeline {
 public:
  MetricMapPipeline();
  ~MetricMapPipeline();
  // The coloured slice, one packed RGBA per pixel; SliceScene blends the overlays into the one
  // image a view draws (SliceCompositor).
  const std::uint32_t* pixels() const { return pixels_.data(); }
  vtkScalarBarActor* colorBar() const;
  // `indexMap` is the slice's voxel index per pixel (computeIndexMap on the map's grid).
  void update(const WindowedMap& map, const std::vector<std::int32_t>& indexMap, double opacity);
  // Shows or hides the map's colour bar.
  void setVisible(bool visible);
  void setTitle(const std::string& title);
  void setFontScale(double scale);

  // Heat colour of a score in [0, 1]: red (poor) through yellow to blue (good), the ends of a
  // diverging scale that stays distinct under the common colour-vision deficiencies.
  static std::array<std::uint8_t, 3> heatColor(double value);

 private:
  std::vector<std::uint32_t> pixels_;
  vtkSmartPointer<vtkLookupTable> lut_;
  vtkSmartPointer<vtkScalarBarActor> bar_;
  std::vector<std::uint32_t> colors_;  // 256 packed RGBA entries at the current opacity
  double opacity_ = -1;
};

}  // namespace seglens
