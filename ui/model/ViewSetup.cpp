#include "model/ViewSetup.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "model/ViewerModel.h"

namespace seglens {

void applyOverlayStyle(ViewerModel& model, OverlayStyle style) {
  const bool fill = style == OverlayStyle::Fill;
  if (const SegmentationLayer* gt = model.groundTruth()) {
    model.setLayerMode(gt->id, fill ? OverlayMode::Outline : OverlayMode::Fill);
    model.setLayerOpacity(gt->id, fill ? OverlayDefaults::kPredOpacity : OverlayDefaults::kGtOpacity);
  }
  for (const auto& p : model.predictions()) {
    model.setLayerMode(p.id, fill ? OverlayMode::Fill : OverlayMode::Outline);
    model.setLayerOpacity(p.id, fill ? OverlayDefaults::kGtOpacity : OverlayDefaults::kPredOpacity);
  }
  model.setDisplayMode(style == OverlayStyle::Error ? DisplayMode::ErrorMap : DisplayMode::Labels);
}

namespace {

// Moves the crosshair to slice `setup.slice` (1-based) or depth `setup.sliceMm` along the axis,
// keeping its in-plane position.
void applySlice(ViewerModel& model, const ViewSetup& setup) {
  const Geometry* reference = model.referenceGeometry();
  if (!reference) return;
  const SliceGrid g = makeSliceGrid(*reference, setup.axis, model.convention());
  const double w = setup.slice ? g.sliceDepth(*setup.slice - 1) : *setup.sliceMm;
  const int k = int(std::lround((w - g.w0) / g.dw));
  if (k < 0 || k >= g.sliceCount) {
    std::ostringstream os;
    os << (setup.slice ? "--slice " + std::to_string(*setup.slice)
                       : "--slice-mm " + std::to_string(*setup.sliceMm))
       << " is outside the volume (" << viewAxisName(setup.axis) << " slices 1-" << g.sliceCount
       << ", " << g.sliceDepth(0) << " to " << g.sliceDepth(g.sliceCount - 1) << " mm)";
    throw ViewSetupError(os.str(), true);
  }
  const Vec3 c = g.fromPhysical(model.crosshair());
  model.setCrosshair(g.toPhysical(c[0], c[1], g.sliceDepth(k)));
}

}  // namespace

void applyViewSetup(ViewerModel& model, const ViewSetup& setup) {
  if (setup.style == OverlayStyle::Error && (!model.groundTruth() || model.predictions().empty()))
    throw ViewSetupError("--mode error needs --gt and --pred", true);
  if (model.convention() != setup.convention) model.setConvention(setup.convention);
  applyOverlayStyle(model, setup.style);
  // A figure about one label shows that label's errors, not every structure's.
  if (setup.style == OverlayStyle::Error && (setup.label || setup.atLabel))
    model.setErrorScope(ErrorScope::SelectedLabel);
  if (setup.atLabel) {
    const auto present = model.labels();
    if (std::find(present.begin(), present.end(), *setup.atLabel) == present.end())
      throw ViewSetupError("--at-label " + std::to_string(*setup.atLabel) +
                               ": label is in neither the GT nor a prediction",
                           false);
    model.focusLabelNow(*setup.atLabel);
  }
  model.setSelectedLabel(setup.label ? *setup.label : setup.atLabel.value_or(0));
  if (setup.slice || setup.sliceMm) applySlice(model, setup);
}

}  // namespace seglens
