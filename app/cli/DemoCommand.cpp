// seglens-cli demo --out DIR : writes the deterministic demo case.
#include <iostream>
#include <memory>

#include "CliSupport.h"
#include "Commands.h"
#include "DemoCase.h"
#include "InputError.h"

namespace seglens::cli {

Runner addDemoCommand(CLI::App& app) {
  struct Args {
    std::string out = "demo";
    bool force = false;
    DemoSources sources;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "demo", "Write the demo case: Colin27 T1, AAL ground truth, two simulated model outputs");
  cmd->add_option("--out", args->out, "Output folder (default: demo)");
  cmd->add_flag("--force", args->force, "Regenerate even when the folder is complete");
  cmd->add_option("--scan", args->sources.scan, "Scan to copy")->capture_default_str();
  cmd->add_option("--atlas", args->sources.atlas, "Atlas used as ground truth")
      ->capture_default_str();
  return [args]() {
    return runGuarded([&] {
      std::cout << writeDemoCase(args->out, args->sources, DemoRecipe{}, args->force);
      return kOk;
    });
  };
}

}  // namespace seglens::cli
