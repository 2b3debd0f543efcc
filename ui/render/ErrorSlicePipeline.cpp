#include "render/ErrorSlicePipeline.h"

#include <variant>

#include "render/OverlayColors.h"
#include "model/ViewerModel.h"

namespace seglens {

std::uint32_t errorMapLabel(const ViewerModel& model, const LabelImage& prediction) {
  if (model.errorScope() == ErrorScope::SelectedLabel && model.selectedLabel() != 0)
    return model.selectedLabel();
  return prediction.isProbabilityMap() ? prediction.probabilityLabel : 0;
}

void ErrorSlicePipeline::update(const LabelImage& gt, const LabelImage& pred,
                                const std::vector<std::int32_t>& map, std::uint32_t label,
                                double opacity,
                                const std::function<bool(std::uint32_t)>& labelShown) {
  pixels_.resize(map.size());
  std::uint32_t* out = pixels_.data();
  const std::uint32_t colors[4] = {0, colors::packRgba(colors::kTruePositive, opacity),
                                   colors::packRgba(colors::kFalsePositive, opacity),
                                   colors::packRgba(colors::kFalseNegative, opacity)};
  // Visibility per code, looked up once per call instead of once per pixel.
  std::vector<std::uint8_t> gtShown(gt.codeCount()), predShown(pred.codeCount());
  for (std::size_t c = 0; c < gtShown.size(); ++c) gtShown[c] = labelShown(gt.labelValues[c]);
  for (std::size_t c = 0; c < predShown.size(); ++c) predShown[c] = labelShown(pred.labelValues[c]);
  const std::uint32_t* gv = gt.labelValues.data();
  const std::uint32_t* pv = pred.labelValues.data();
  std::visit(
      [&](const auto& gc, const auto& pc) {
        for (std::size_t i = 0, n = map.size(); i < n; ++i) {
          const std::int32_t v = map[i];
          if (v < 0) {
            out[i] = 0;
            continue;
          }
          const auto g = gc[std::size_t(v)], p = pc[std::size_t(v)];
          if (g == 0 && p == 0) {
            out[i] = 0;
            continue;
          }
          const ErrorClass e = classifyVoxel(gv[g], pv[p], label);
          const bool shown = e == ErrorClass::FalsePositive ? predShown[p] : gtShown[g];
          out[i] = shown ? colors[int(e)] : 0u;
        }
      },
      gt.codes, pred.codes);
}

}  // namespace seglens
