// seglens-cli: headless front end to seglens_core.
#include <iostream>
#include <map>

#include "Commands.h"

int main(int argc, char** argv) {
  CLI::App app{"SegLens command line: evaluate segmentations against a reference"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "seglens-cli 0.1.0");
  std::map<CLI::App*, seglens::cli::Runner> runners;
  auto add = [&](seglens::cli::Runner (*reg)(CLI::App&)) {
    const std::size_t before = app.get_subcommands({}).size();
    seglens::cli::Runner r = reg(app);
    runners[app.get_subcommands({})[before]] = std::move(r);
  };
  add(seglens::cli::addEvalCommand);
  add(seglens::cli::addSlicesCommand);
  add(seglens::cli::addMapCommand);
  add(seglens::cli::addDemoCommand);
  add(seglens::cli::addDatasetCommand);
  add(seglens::cli::addMergeCommand);
#ifdef SEGLENS_HAVE_UI
  add(seglens::cli::addScreenshotCommand);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return seglens::cli::kUsage;
  }
  for (auto& [sub, run] : runners)
    if (sub->parsed()) return run();
  return seglens::cli::kUsage;
}
