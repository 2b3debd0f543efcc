#pragma once
// The local metric map of a slice view (windowed Dice/Jaccard/F1 around every voxel) as a heat
// overlay with its colour bar. NaN (no reference or prediction in the window) stays transparent
// so the anatomy shows through where the metric means nothing.
#include <vtkSmartPointer.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "SliceImageActor.h"

class vtkImageActor;
class vtkLookupTable;
class vtkScalarBarActor;

namespace seglens {

struct WindowedMap;

class MetricMapPipeline {
 public:
  MetricMapPipeline();
  ~MetricMapPipeline();
  vtkImageActor* actor() const { return image_.actor(); }
  // The coloured slice; SliceScene blends the overlays into one image (SliceCompositor).
  SliceImageActor& image() { return image_; }
  vtkScalarBarActor* colorBar() const;
  // `indexMap` is the slice's voxel index per pixel (computeIndexMap on the map's grid).
  void update(const WindowedMap& map, const SliceGrid& grid,
              const std::vector<std::int32_t>& indexMap, double opacity, double depth);
  void setVisible(bool visible);
  void setTitle(const std::string& title);
  void setFontScale(double scale);

  // Heat colour of a score in [0, 1]: red (poor) through yellow to blue (good), the ends of a
  // diverging scale that stays distinct under the common colour-vision deficiencies.
  static std::array<std::uint8_t, 3> heatColor(double value);

 private:
  SliceImageActor image_;
  vtkSmartPointer<vtkLookupTable> lut_;
  vtkSmartPointer<vtkScalarBarActor> bar_;
  std::vector<std::uint32_t> colors_;  // 256 packed RGBA entries at the current opacity
  double opacity_ = -1;
};

}  // namespace seglens
