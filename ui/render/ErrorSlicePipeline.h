#pragma once
// The error map of a slice view: the active prediction against the GT, pixel by pixel, as
// TP/FP/FN in the fixed colour-blind-safe colours of OverlayColors.h.
#include <cstdint>
#include <functional>
#include <vector>

#include "ErrorClass.h"
#include "LabelImage.h"

namespace seglens {

class ViewerModel;

// The label the error map of `prediction` is about: the selected label while the scope is
// "selected label" (the default) and one is selected; otherwise a probability map's own label,
// since it predicts no other and an all-labels map would call every other structure a miss;
// otherwise 0, all labels. Every view, compare view and exported figure asks here.
std::uint32_t errorMapLabel(const ViewerModel& model, const LabelImage& prediction);

class ErrorSlicePipeline {
 public:
  // The coloured slice, one packed RGBA per pixel; SliceScene blends the overlays into the one
  // image a view draws (SliceCompositor).
  const std::uint32_t* pixels() const { return pixels_.data(); }
  // `labelShown(v)` hides classes whose deciding label (GT's for TP/FN, prediction's for FP) the
  // user switched off.
  void update(const LabelImage& gt, const LabelImage& pred, const std::vector<std::int32_t>& map,
              std::uint32_t label, double opacity,
              const std::function<bool(std::uint32_t)>& labelShown);

 private:
  std::vector<std::uint32_t> pixels_;
};

}  // namespace seglens
