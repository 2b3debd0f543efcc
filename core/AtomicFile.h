#pragma once
// The one way SegLens writes an output file. A regular file (or a new name) is written to a
// temporary file beside it and renamed into place, so a failure never leaves a truncated file
// under the user's name. Any other existing target - a device such as /dev/null, a FIFO, or a
// symlink to one - is written in place: renaming over it would replace the device with a
// regular file that every other program then writes into.
//
// Every failure throws InputError naming `path`; no temporary file is left behind.
#include <functional>
#include <string>

namespace seglens {

class AtomicFile {
 public:
  // Writes `bytes` as the whole content of `path`.
  static void write(const std::string& path, const std::string& bytes);

  // For writers that need a file name (ITK's image writers): `produce` writes the complete file
  // at the name it is given, which ends like `path` (same extension), and throws on failure.
  static void writeWith(const std::string& path,
                        const std::function<void(const std::string& tempPath)>& produce);

  // The temporary name used for `target`: in the same folder, at most 255 bytes, ending with
  // as much of the target's name as fits (so the extension survives). Exposed for tests.
  static std::string tempNameFor(const std::string& target, unsigned serial);
};

}  // namespace seglens
