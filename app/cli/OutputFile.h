#pragma once
#include <string>

namespace seglens::cli {

// Writes `text` to `path` ("-" is stdout) with AtomicFile: a regular file is replaced through a
// temporary file and a rename, a device or FIFO is written in place. Throws InputError.
void writeOutput(const std::string& path, const std::string& text);

}  // namespace seglens::cli
