#include "ScanSlicePipeline.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <vtkImageActor.h>
#include <vtkImageProperty.h>

#include <algorithm>
#include <cmath>

namespace seglens {

namespace {
// Marks pixels outside the volume: drawn black whatever the window.
constexpr float kOutside = -3.0e38f;
}  // namespace

ScanSlicePipeline::ScanSlicePipeline() : image_(SliceImageActor::Kind::Rgb) {
  // Identity window: VTK then uses the RGB bytes as the texture without remapping them.
  image_.actor()->GetProperty()->SetColorWindow(255.0);
  image_.actor()->GetProperty()->SetColorLevel(127.5);
  // The scan is smoother with linear interpolation (labels stay nearest in their overlay).
  image_.actor()->GetProperty()->SetInterpolationTypeToLinear();
}

void ScanSlicePipeline::update(const ScalarImage& scan, const SliceGrid& grid,
                               const std::vector<std::int32_t>& map) {
  image_.setGrid(grid, 0.0);
  values_.resize(map.size());
  const float* in = scan.voxels.data();
  for (std::size_t i = 0, n = map.size(); i < n; ++i) values_[i] = map[i] >= 0 ? in[map[i]] : kOutside;
  inside_ = true;
  applyWindow();
}

void ScanSlicePipeline::setWindowLevel(const WindowLevel& wl) {
  wl_ = wl;
  if (inside_) applyWindow();
}

void ScanSlicePipeline::applyWindow() {
  std::uint8_t* out = image_.rgbPixels();
  const std::size_t n = values_.size();
  if (!out || n != std::size_t(image_.width()) * std::size_t(image_.height())) return;
  const double window = std::max(wl_.window, 1e-12);
  const float lower = float(wl_.level - window / 2);
  const float scale = float(255.0 / window);
  const float* v = values_.data();
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 16384),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i < r.end(); ++i) {
                        const float x = v[i] <= kOutside ? 0.f : (v[i] - lower) * scale + 0.5f;
                        const auto g = std::uint8_t(std::clamp(x, 0.f, 255.f));
                        out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = g;
                      }
                    });
  image_.markModified();
}

}  // namespace seglens
