#pragma once
// Each `seglens-cli` subcommand registers its options and returns the exit code of its run.
#include <CLI/CLI.hpp>
#include <functional>

namespace seglens::cli {

// Exit codes shared by every subcommand.
constexpr int kOk = 0;
constexpr int kInternalError = 1;  // a defect or the system, never the user's input
constexpr int kUsage = 2;
constexpr int kInputError = 3;

using Runner = std::function<int()>;

Runner addEvalCommand(CLI::App& app);
Runner addDemoCommand(CLI::App& app);
Runner addSlicesCommand(CLI::App& app);
Runner addMapCommand(CLI::App& app);
Runner addDatasetCommand(CLI::App& app);
Runner addMergeCommand(CLI::App& app);
#ifdef SEGLENS_HAVE_UI
Runner addScreenshotCommand(CLI::App& app);  // needs the viewer library (not in the ASan build)
#endif

}  // namespace seglens::cli
