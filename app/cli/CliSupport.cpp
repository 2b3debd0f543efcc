#include "CliSupport.h"

#include "InputError.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "Commands.h"
#include "ImageIO.h"
#include "ParallelLoader.h"

namespace seglens::cli {

LabelPair loadLabelPair(const std::string& reference, const std::string& prediction,
                        bool resample) {
  ParallelLoader::Request request;
  request.labelMaps = {reference, prediction};
  auto loaded = ParallelLoader::load(request);
  LabelPair pair{std::move(loaded.labelMaps[0]), std::move(loaded.labelMaps[1])};
  std::string warning;
  pair.prediction = conformToGrid(std::move(pair.prediction), pair.reference.geometry, prediction,
                                  resample, &warning);
  if (!warning.empty()) std::cerr << "seglens-cli: warning: " << warning << "\n";
  return pair;
}

namespace {

std::string compact(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

// strtod/strtoll over the whole text; false on trailing characters or no digits.
bool parseDouble(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end && *end == '\0';
}

bool parseInteger(const std::string& text, long long& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtoll(text.c_str(), &end, 10);
  return end && *end == '\0' && errno == 0;
}

}  // namespace

CLI::Validator finiteRange(double lo, double hi, bool openLow) {
  const std::string range = (openLow ? "(" : "[") + compact(lo) + ", " + compact(hi) + "]";
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        double v = 0;
        if (!parseDouble(text, v) || !std::isfinite(v) || v < lo || v > hi || (openLow && v == lo))
          return "'" + text + "' is not a finite number in " + range;
        return "";
      },
      "NUMBER in " + range);
}

CLI::Validator integerRange(long long lo, long long hi) {
  const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        long long v = 0;
        if (!parseInteger(text, v) || v < lo || v > hi)
          return "'" + text + "' is not an integer in " + range;
        return "";
      },
      "INT in " + range);
}

CLI::Validator foregroundLabel() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        long long v = 0;
        if (parseInteger(text, v) && v == 0)
          return "label 0 is background and is not evaluated; labels are in [1, 4294967295]";
        if (!parseInteger(text, v) || v < 1 || v > 4294967295LL)
          return "'" + text + "' is not a label in [1, 4294967295]";
        return "";
      },
      "LABEL in [1, 4294967295]");
}

void refuseSameOutput(const std::string& optionA, const std::string& a, const std::string& optionB,
                      const std::string& b) {
  if (a.empty() || b.empty() || a == "-" || b == "-") return;
  namespace fs = std::filesystem;
  std::error_code ec1, ec2;
  const fs::path pa = fs::weakly_canonical(a, ec1), pb = fs::weakly_canonical(b, ec2);
  const bool same = (!ec1 && !ec2) ? pa == pb : a == b;
  // A device or FIFO (e.g. /dev/null for both) loses nothing by being written twice.
  std::error_code ec;
  if (same && fs::exists(pa, ec) && !fs::is_regular_file(pa, ec)) return;
  if (same)
    throw UsageError(optionA + " and " + optionB + " name the same file " + a +
                     "; the second would overwrite the first");
}

int runGuarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << "seglens-cli: error: " << e.what() << "\n";
    return kUsage;
  } catch (const InputError& e) {
    std::cerr << "seglens-cli: error: " << e.what() << "\n";
    return kInputError;
  } catch (const std::exception& e) {
    // Not the user's input: a defect or the system (out of memory). Said differently, so a
    // script can tell "fix your file" (3) from "report a bug" (1).
    std::cerr << "seglens-cli: internal error: " << e.what() << "\n";
    return kInternalError;
  }
}

}  // namespace seglens::cli
