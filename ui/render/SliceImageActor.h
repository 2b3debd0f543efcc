#pragma once
// The one image a slice view draws: an opaque RGB vtkImageData placed in the view's plane (x, y
// in mm along the screen axes) and the vtkImageActor showing it. SliceScene composes scan and
// overlays into its buffer in place (SliceCompositor), so scrolling reallocates nothing.
#include <vtkSmartPointer.h>

#include <cstdint>

class vtkImageActor;
class vtkImageData;

namespace seglens {

class SliceImageActor {
 public:
  SliceImageActor();
  ~SliceImageActor();
  SliceImageActor(const SliceImageActor&) = delete;
  SliceImageActor& operator=(const SliceImageActor&) = delete;

  vtkImageActor* actor() const;
  // A w x h image whose first texel is centred at (x0, y0) mm with texels dx x dy mm apart;
  // the buffer is reallocated only when the size changes.
  void setPlacement(double x0, double y0, double dx, double dy, int w, int h);
  std::uint8_t* rgbPixels();  // 3 bytes per texel, rows bottom first
  void markModified();
  void setVisible(bool visible);

 private:
  int width_ = 0, height_ = 0;
  vtkSmartPointer<vtkImageData> image_;
  vtkSmartPointer<vtkImageActor> actor_;
};

}  // namespace seglens
