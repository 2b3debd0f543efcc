#include "OutputFile.h"

#include <iostream>

#include "AtomicFile.h"

namespace seglens::cli {

void writeOutput(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text;
    std::cout.flush();
    return;
  }
  AtomicFile::write(path, text);
}

}  // namespace seglens::cli
