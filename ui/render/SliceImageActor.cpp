#include "render/SliceImageActor.h"

#include <vtkDataArray.h>
#include <vtkImageActor.h>
#include <vtkImageData.h>
#include <vtkImageMapper3D.h>
#include <vtkImageProperty.h>
#include <vtkPointData.h>

namespace seglens {

SliceImageActor::SliceImageActor()
    : image_(vtkSmartPointer<vtkImageData>::New()), actor_(vtkSmartPointer<vtkImageActor>::New()) {
  actor_->GetMapper()->SetInputData(image_);
  // Identity window: VTK uses the RGB bytes as the texture without remapping them.
  actor_->GetProperty()->SetColorWindow(255.0);
  actor_->GetProperty()->SetColorLevel(127.5);
  // The composite is upsampled on the CPU when zoomed in (SliceCompositor), so the GPU's linear
  // filter only smooths within one screen pixel: labels stay crisp.
  actor_->GetProperty()->SetInterpolationTypeToLinear();
  actor_->PickableOff();
}

SliceImageActor::~SliceImageActor() = default;

vtkImageActor* SliceImageActor::actor() const { return actor_; }

void SliceImageActor::setPlacement(double x0, double y0, double dx, double dy, int w, int h) {
  image_->SetOrigin(x0, y0, 0.0);
  image_->SetSpacing(dx, dy, 1.0);
  if (w != width_ || h != height_ || !image_->GetPointData()->GetScalars()) {
    width_ = w;
    height_ = h;
    image_->SetDimensions(width_, height_, 1);
    image_->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
  }
  image_->Modified();
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
