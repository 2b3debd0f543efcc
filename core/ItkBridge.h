#pragma once
// Conversions between core types and itk::Image. Only .cpp files include this: ITK headers are
// heavy and must not spread through the project.
#include <itkImage.h>

#include <algorithm>
#include <cstring>

#include "Geometry.h"

namespace seglens {

template <class TImage>
Geometry geometryOf(const TImage* image) {
  Geometry g;
  const auto region = image->GetLargestPossibleRegion();
  for (unsigned a = 0; a < 3; ++a) {
    g.size[a] = region.GetSize()[a];
    g.spacing[a] = image->GetSpacing()[a];
    g.origin[a] = image->GetOrigin()[a];
    for (unsigned c = 0; c < 3; ++c) g.direction[a * 3 + c] = image->GetDirection()[a][c];
  }
  return g;
}

template <class TImage>
void applyGeometry(const Geometry& g, TImage* image) {
  typename TImage::RegionType region;
  typename TImage::SpacingType spacing;
  typename TImage::PointType origin;
  typename TImage::DirectionType direction;
  for (unsigned a = 0; a < 3; ++a) {
    region.SetSize(a, g.size[a]);
    region.SetIndex(a, 0);
    spacing[a] = g.spacing[a];
    origin[a] = g.origin[a];
    for (unsigned c = 0; c < 3; ++c) direction[a][c] = g.direction[a * 3 + c];
  }
  image->SetRegions(region);
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
}

// A new ITK image with geometry `g`, filled from `values` converted to T.
template <class T, class V>
typename itk::Image<T, 3>::Pointer makeItkImage(const Geometry& g, const V* values) {
  auto image = itk::Image<T, 3>::New();
  applyGeometry(g, image.GetPointer());
  image->Allocate();
  T* out = image->GetBufferPointer();
  const std::size_t n = g.voxelCount();
  if constexpr (std::is_same_v<T, V>) {
    if (n) std::memcpy(out, values, n * sizeof(T));
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(values[i]);
  }
  return image;
}

}  // namespace seglens
