#include "SliceImageActor.h"

#include <vtkDataArray.h>
#include <vtkImageActor.h>
#include <vtkImageData.h>
#include <vtkImageMapper3D.h>
#include <vtkImageProperty.h>
#include <vtkPointData.h>

namespace seglens {

SliceImageActor::SliceImageActor(Kind kind)
    : kind_(kind), image_(vtkSmartPointer<vtkImageData>::New()),
      actor_(vtkSmartPointer<vtkImageActor>::New()) {
  actor_->GetMapper()->SetInputData(image_);
  if (kind_ == Kind::Rgba) {
    actor_->GetProperty()->SetInterpolationTypeToNearest();
  } else {
    // Identity window: VTK uses the RGB bytes as the texture without remapping them.
    actor_->GetProperty()->SetColorWindow(255.0);
    actor_->GetProperty()->SetColorLevel(127.5);
    // The composite is upsampled on the CPU when zoomed in (SliceCompositor), so the GPU's
    // linear filter only smooths within one screen pixel: labels stay crisp.
    actor_->GetProperty()->SetInterpolationTypeToLinear();
  }
  actor_->PickableOff();
}

SliceImageActor::~SliceImageActor() = default;

vtkImageActor* SliceImageActor::actor() const { return actor_; }

void SliceImageActor::setGrid(const SliceGrid& grid, double depth) {
  setPlacement(grid.x0, grid.y0, grid.dx, grid.dy, grid.width, grid.height, depth);
}

void SliceImageActor::setPlacement(double x0, double y0, double dx, double dy, int w, int h,
                                   double depth) {
  image_->SetOrigin(x0, y0, depth);
  image_->SetSpacing(dx, dy, 1.0);
  if (w != width_ || h != height_ || !image_->GetPointData()->GetScalars()) {
    width_ = w;
    height_ = h;
    image_->SetDimensions(width_, height_, 1);
    image_->AllocateScalars(VTK_UNSIGNED_CHAR, kind_ == Kind::Rgb ? 3 : 4);
  }
  image_->Modified();
}

std::uint32_t* SliceImageActor::rgbaPixels() {
  return static_cast<std::uint32_t*>(image_->GetScalarPointer());
}

std::uint8_t* SliceImageActor::rgbPixels() {
  return static_cast<std::uint8_t*>(image_->GetScalarPointer());
}

void SliceImageActor::markModified() {
  image_->GetPointData()->GetScalars()->Modified();
  image_->Modified();
}

void SliceImageActor::setVisible(bool visible) { actor_->SetVisibility(visible); }

}  // namespace seglens
