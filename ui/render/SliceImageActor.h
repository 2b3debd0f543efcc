#pragma once
// One 2D image drawn in a slice view: a vtkImageData laid out on the view's SliceGrid (x, y in
// mm along the screen axes) and the vtkImageActor showing it at a given depth. The pipelines fill
// its buffer in place, so scrolling reallocates nothing.
#include <vtkSmartPointer.h>

#include <cstdint>

#include "ViewGeometry.h"

class vtkImageActor;
class vtkImageData;

namespace seglens {

class SliceImageActor {
 public:
  // Rgba layers are CPU-side buffers blended by SliceCompositor; Rgb is the opaque image a view
  // draws.
  enum class Kind { Rgba, Rgb };
  explicit SliceImageActor(Kind kind);
  ~SliceImageActor();
  SliceImageActor(const SliceImageActor&) = delete;
  SliceImageActor& operator=(const SliceImageActor&) = delete;

  vtkImageActor* actor() const;
  // Resizes the buffer when the grid changed; `depth` orders layers (larger is nearer).
  void setGrid(const SliceGrid& grid, double depth);
  // A w x h image whose first texel is centred at (x0, y0) mm with texels dx x dy mm apart.
  void setPlacement(double x0, double y0, double dx, double dy, int w, int h, double depth);
  std::uint32_t* rgbaPixels();
  std::uint8_t* rgbPixels();
  void markModified();
  void setVisible(bool visible);
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  Kind kind_;
  int width_ = 0, height_ = 0;
  vtkSmartPointer<vtkImageData> image_;
  vtkSmartPointer<vtkImageActor> actor_;
};

}  // namespace seglens
