// seglens-cli map REFERENCE PREDICTION --label L --out map.nii.gz : local overlap map.
#include <iostream>
#include <memory>

#include "CliSupport.h"
#include "Commands.h"
#include "ImageIO.h"
#include "InputError.h"
#include "WindowedMap.h"

namespace seglens::cli {

Runner addMapCommand(CLI::App& app) {
  struct Args {
    std::string reference, prediction, out, metric = "dice";
    std::uint32_t label = 1;
    double window = 10.0;
    bool overwrite = false, resample = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "map", "Local Dice/Jaccard/F1 of a label over a cubic window, as a float image");
  cmd->footer(
      "The window is W mm per side, rounded to an odd number of voxels per axis from the\n"
      "spacing. Voxels whose window holds neither reference nor prediction voxels are NaN.\n"
      "The map is written on the reference grid.");
  cmd->add_option("reference", args->reference, "Reference label map")->required();
  cmd->add_option("prediction", args->prediction, "Predicted label or probability map")
      ->required();
  cmd->add_option("--label", args->label, "Label (default 1)")->check(foregroundLabel());
  cmd->add_option("--metric", args->metric, "dice | jaccard | f1")
      ->check(CLI::IsMember({"dice", "jaccard", "f1"}));
  cmd->add_option("--window", args->window, "Window side in mm (default 10)")
      ->check(finiteRange(0.0, 1e4, /*openLow=*/true));
  cmd->add_option("--out", args->out, "Output image, e.g. map.nii.gz")->required();
  cmd->add_flag("--overwrite", args->overwrite, "Replace an existing output file");
  cmd->add_flag("--resample", args->resample, "Resample the prediction onto the reference grid");
  return [args]() {
    return runGuarded([&] {
      const auto [ref, pred] = loadLabelPair(args->reference, args->prediction, args->resample);
      const LocalMetric metric = args->metric == "jaccard"
                                     ? LocalMetric::Jaccard
                                     : (args->metric == "f1" ? LocalMetric::F1 : LocalMetric::Dice);
      const auto map = windowedMap(ref, pred, args->label, metric, args->window);
      saveFloatImage(map.geometry, map.values, args->out, args->overwrite);
      std::cout << "wrote " << args->out << " (window " << 2 * map.halfWidth[0] + 1 << "x"
                << 2 * map.halfWidth[1] + 1 << "x" << 2 * map.halfWidth[2] + 1 << " voxels)\n";
      return kOk;
    });
  };
}

}  // namespace seglens::cli
