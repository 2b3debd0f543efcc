// seglens-cli slices REFERENCE PREDICTION --axis x|y|z : per-slice counts and scores.
#include <cstdio>
#include <iostream>
#include <memory>

#include "CliSupport.h"
#include "Commands.h"
#include "ImageIO.h"
#include "InputError.h"
#include "OutputFile.h"
#include "FigureMetrics.h"

namespace seglens::cli {

Runner addSlicesCommand(CLI::App& app) {
  struct Args {
    std::string reference, prediction, axis = "z", csv = "-";
    std::optional<std::uint32_t> label;
    bool resample = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("slices", "Per-slice TP/FP/FN, Dice, Jaccard and F1 of a label");
  cmd->footer(
      "Axes are the image index axes: x = i (columns), y = j (rows), z = k (slices), whatever\n"
      "the anatomical orientation. Slices where the label is absent from both images have\n"
      "empty dice/jaccard/f1 cells (gaps, not zeros).");
  cmd->add_option("reference", args->reference, "Reference label map")->required();
  cmd->add_option("prediction", args->prediction, "Predicted label or probability map")
      ->required();
  cmd->add_option("--axis", args->axis, "Index axis: x|y|z (i|j|k)")
      ->check(CLI::IsMember({"x", "y", "z", "i", "j", "k"}));
  cmd->add_option("--label", args->label, "Label (default: every non-zero label present)")
      ->check(foregroundLabel());
  cmd->add_option("--csv", args->csv, "Write CSV to FILE, or - for stdout (default)");
  cmd->add_flag("--resample", args->resample, "Resample the prediction onto the reference grid");
  return [args]() {
    return runGuarded([&] {
      const auto [ref, pred] = loadLabelPair(args->reference, args->prediction, args->resample);
      const char a = args->axis[0];
      const int axis = (a == 'x' || a == 'i') ? 0 : ((a == 'y' || a == 'j') ? 1 : 2);
      // Empty: every label present in either image (core's profileCsv, which File > Export
      // writes too).
      std::vector<std::uint32_t> labels;
      if (args->label) labels = {*args->label};
      writeOutput(args->csv, profileCsv(ref, pred, labels, axis));
      return kOk;
    });
  };
}

}  // namespace seglens::cli
