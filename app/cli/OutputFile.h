#pragma once
#include <string>

namespace seglens::cli {

// Writes `text` to `path` ("-" is stdout) through a temporary file and a rename, so a failure
// never leaves a truncated report in place of an old one. Throws InputError.
void writeOutput(const std::string& path, const std::string& text);

}  // namespace seglens::cli
