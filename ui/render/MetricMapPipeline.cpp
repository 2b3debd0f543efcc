#include "render/MetricMapPipeline.h"

#include <vtkImageActor.h>
#include <vtkLookupTable.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>

#include "render/OverlayColors.h"
#include "WindowedMap.h"

namespace seglens {

namespace {

// Control points of the scale: sequential and colour-blind safe (matplotlib's magma, from its
// dark purple on), so a local map cannot be read as the error map: no TP blue, no FP vermillion.
constexpr double kStops[5][3] = {{40, 11, 84}, {101, 21, 110}, {183, 55, 121},
                                 {252, 137, 97}, {252, 253, 191}};

}  // namespace

std::array<std::uint8_t, 3> MetricMapPipeline::heatColor(double value) {
  const double v = std::clamp(std::isfinite(value) ? value : 0.0, 0.0, 1.0) * 4.0;
  const int i = std::min(3, int(v));
  const double f = v - i;
  std::array<std::uint8_t, 3> c{};
  for (int k = 0; k < 3; ++k)
    c[std::size_t(k)] = std::uint8_t(std::lround(kStops[i][k] + f * (kStops[i + 1][k] - kStops[i][k])));
  return c;
}

MetricMapPipeline::MetricMapPipeline()
    : lut_(vtkSmartPointer<vtkLookupTable>::New()),
      bar_(vtkSmartPointer<vtkScalarBarActor>::New()) {
  lut_->SetNumberOfTableValues(256);
  lut_->SetRange(0, 1);
  for (int i = 0; i < 256; ++i) {
    const auto c = heatColor(i / 255.0);
    lut_->SetTableValue(i, c[0] / 255.0, c[1] / 255.0, c[2] / 255.0, 1.0);
  }
  lut_->Build();
  bar_->SetLookupTable(lut_);
  bar_->SetOrientationToVertical();
  bar_->SetNumberOfLabels(3);
  bar_->SetLabelFormat("%.1f");
  bar_->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  // Upper right: clear of the orientation letter at mid-height and the TP/FP/FN legend below.
  bar_->GetPositionCoordinate()->SetValue(0.86, 0.55);
  bar_->SetWidth(0.12);
  bar_->SetHeight(0.38);
  bar_->SetBarRatio(0.35);
  bar_->UnconstrainedFontSizeOn();
  for (vtkTextProperty* p : {bar_->GetTitleTextProperty(), bar_->GetLabelTextProperty()}) {
    p->SetColor(1, 1, 1);
    p->SetShadow(true);
    p->SetFontFamilyToArial();
    p->BoldOff();
    p->ItalicOff();
  }
  bar_->PickableOff();
  bar_->SetVisibility(false);
  setFontScale(1.0);
}

MetricMapPipeline::~MetricMapPipeline() = default;

vtkScalarBarActor* MetricMapPipeline::colorBar() const { return bar_; }

void MetricMapPipeline::setTitle(const std::string& title) {
  // "local Dice (10 mm)" on two lines: the bar is narrow and a long title gets clipped.
  std::string t = title;
  if (const auto at = t.find(" ("); at != std::string::npos) t.replace(at, 1, "\n");
  bar_->SetTitle(t.c_str());
}

void MetricMapPipeline::setFontScale(double scale) {
  bar_->GetTitleTextProperty()->SetFontSize(int(std::lround(12 * scale)));
  bar_->GetLabelTextProperty()->SetFontSize(int(std::lround(11 * scale)));
}

void MetricMapPipeline::setVisible(bool visible) { bar_->SetVisibility(visible); }

void MetricMapPipeline::update(const WindowedMap& map, const std::vector<std::int32_t>& indexMap,
                               double opacity) {
  if (opacity != opacity_) {
    opacity_ = opacity;
    colors_.resize(256);
    for (int i = 0; i < 256; ++i) colors_[std::size_t(i)] = colors::packRgba(heatColor(i / 255.0), opacity);
  }
  pixels_.resize(indexMap.size());
  std::uint32_t* out = pixels_.data();
  const float* values = map.values.data();
  const std::size_t n = map.values.size();
  for (std::size_t i = 0; i < indexMap.size(); ++i) {
    const std::int32_t v = indexMap[i];
    const float x = v >= 0 && std::size_t(v) < n ? values[v] : NAN;
    out[i] = std::isnan(x) ? 0u : colors_[std::size_t(std::clamp(x, 0.0f, 1.0f) * 255.0f + 0.5f)];
  }
}

}  // namespace seglens
