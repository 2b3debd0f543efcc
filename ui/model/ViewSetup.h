#pragma once
// One view setup (overlay style, label, where to look, convention) applied to a ViewerModel by
// one function. `seglens-cli screenshot`, `seglens --screenshot` and a window prepared for
// File > Export all go through applyViewSetup, so a scripted figure and a clicked one show the
// same picture (ExportWindowTest compares their pixels). The overlay defaults live here too.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "model/ViewGeometry.h"

namespace seglens {

class ViewerModel;

// outline: GT filled, predictions outlined (the viewer's default); fill: predictions filled over
// the GT's outline; error: TP/FP/FN of the active prediction.
enum class OverlayStyle { Outline, Fill, Error };

struct ViewSetup {
  OverlayStyle style = OverlayStyle::Outline;
  std::optional<std::uint32_t> label;    // selected: what metrics, maps and framing are about
  std::optional<std::uint32_t> atLabel;  // centre the views on it (selects it unless `label`)
  ViewAxis axis = ViewAxis::Axial;       // the axis `slice` / `sliceMm` count along
  std::optional<int> slice;              // 1-based slice number along `axis`
  std::optional<double> sliceMm;         // depth along `axis` in mm
  Convention convention = Convention::Radiological;
};

// A setup that cannot apply to what is loaded. `usage`: the request itself is wrong (a slice
// outside the volume, the error style without a GT and a prediction); otherwise the input (a
// label in neither image). The message names the option, as the command lines spell it.
class ViewSetupError : public std::runtime_error {
 public:
  ViewSetupError(const std::string& message, bool usage)
      : std::runtime_error(message), usage_(usage) {}
  bool usage() const { return usage_; }

 private:
  bool usage_;
};

// The layers' modes and opacities of a style: the defaults a new GT and prediction get
// (ViewerModel uses these too) for outline, their swap for fill.
struct OverlayDefaults {
  static constexpr double kGtOpacity = 0.5;    // a filled GT
  static constexpr double kPredOpacity = 0.9;  // an outlined prediction
};
void applyOverlayStyle(ViewerModel& model, OverlayStyle style);

// Applies `setup` to the loaded data; throws ViewSetupError. Runs synchronously (scripted runs
// have no event loop to wait on; label focus is core's labelFocusVoxel).
void applyViewSetup(ViewerModel& model, const ViewSetup& setup);

}  // namespace seglens
