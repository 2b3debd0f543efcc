#include "OutputFile.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "InputError.h"

namespace seglens::cli {

void writeOutput(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text;
    std::cout.flush();
    return;
  }
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (fs::is_directory(target)) throw InputError(path, "is a folder, expected a file name");
  const fs::path tmp = target.parent_path() / (".seglens-tmp-" + std::to_string(::getpid()) + "-" +
                                               target.filename().string());
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw InputError(path, "cannot write (folder missing or not writable)");
    out << text;
    if (!out.flush()) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw InputError(path, "cannot write (disk full?)");
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw InputError(path, "cannot write: " + ec.message());
  }
}

}  // namespace seglens::cli
