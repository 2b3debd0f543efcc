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
  // Labels must stay crisp voxels; the scan is smoother with linear interpolation.
  if (kind_ == Kind::Rgba) actor_->GetProperty()->SetInterpolationTypeToNearest();
  else actor_->GetProperty()->SetInterpolationTypeToLinear();
  actor_->PickableOff();
}

SliceImageActor::~SliceImageActor() = default;

vtkImageActor* SliceImageActor::actor() const { return actor_; }

void SliceImageActor::setGrid(const SliceGrid& grid, double depth) {
  image_->SetOrigin(grid.x0, grid.y0, depth);
  image_->SetSpacing(grid.dx, grid.dy, 1.0);
  if (grid.width != width_ || grid.height != height_ || !image_->GetPointData()->GetScalars()) {
    width_ = grid.width;
    height_ = grid.height;
    image_->SetDimensions(width_, height_, 1);
    if (kind_ == Kind::Float) image_->AllocateScalars(VTK_FLOAT, 1);
    else image_->AllocateScalars(VTK_UNSIGNED_CHAR, kind_ == Kind::Rgb ? 3 : 4);
  }
  image_->Modified();
}

float* SliceImageActor::floatPixels() {
  return static_cast<float*>(image_->GetScalarPointer());
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
