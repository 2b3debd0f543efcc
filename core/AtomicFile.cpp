#include "AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "InputError.h"
#include "UniqueFd.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

constexpr std::size_t kNameMax = 255;  // NAME_MAX of every Linux file system we write to

std::string errnoText(int err) {
  if (err == EACCES || err == EPERM) return "permission denied";
  return std::strerror(err);
}

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw InputError(path, "cannot write (" + what + "): " + errnoText(err));
}

// A temporary file that is removed unless it was renamed into place.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }
  void committed() { path_.clear(); }

 private:
  std::string path_;
};

void writeAll(int fd, const std::string& bytes, const std::string& path) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(path, "write", n < 0 ? errno : ENOSPC);
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

// Creates a fresh, unused temporary file for `target` (O_EXCL: never someone else's file).
UniqueFd createTemp(const std::string& target, std::unique_ptr<TempFile>& temp) {
  static std::atomic<unsigned> serial{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string name = AtomicFile::tempNameFor(target, serial++);
    UniqueFd fd = UniqueFd::open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY, 0666);
    if (fd.valid()) {
      temp = std::make_unique<TempFile>(name);
      return fd;
    }
    if (errno != EEXIST) fail(target, "create a temporary file beside it", errno);
  }
  fail(target, "create a temporary file beside it", EEXIST);
}

enum class Kind { Replace, InPlace };

// Regular files and new names are replaced atomically; a symlink to a regular file is followed
// so the link itself survives. Anything else that exists is written in place.
Kind classify(const std::string& path, std::string& realTarget) {
  realTarget = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Kind::Replace;  // new name (or dangling link)
  if (S_ISDIR(st.st_mode)) throw InputError(path, "is a folder, expected a file name");
  if (!S_ISREG(st.st_mode)) return Kind::InPlace;
  std::error_code ec;
  if (fs::is_symlink(path, ec)) {
    const fs::path resolved = fs::canonical(path, ec);
    if (!ec) realTarget = resolved.string();
  }
  return Kind::Replace;
}

void commit(TempFile& temp, const std::string& realTarget, const std::string& path) {
  if (::rename(temp.path().c_str(), realTarget.c_str()) != 0) fail(path, "rename into place", errno);
  temp.committed();
}

void writeInPlace(const std::string& path, const std::string& bytes) {
  // No O_CREAT/O_TRUNC: the target exists and is not a regular file.
  UniqueFd fd = UniqueFd::open(path, O_WRONLY | O_NOCTTY);
  if (!fd.valid()) fail(path, "open", errno);
  writeAll(fd.get(), bytes, path);
  if (fd.close() != 0) fail(path, "close", errno);
}

std::string readWhole(const std::string& path, const std::string& target) {
  UniqueFd fd = UniqueFd::open(path, O_RDONLY);
  if (!fd.valid()) fail(target, "read back the temporary file", errno);
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(target, "read back the temporary file", errno);
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace

std::string AtomicFile::tempNameFor(const std::string& target, unsigned serial) {
  const fs::path t(target);
  const std::string prefix =
      ".seglens-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(serial) + "-";
  std::string name = t.filename().string();
  if (prefix.size() + name.size() > kNameMax) {
    std::size_t cut = prefix.size() + name.size() - kNameMax;
    // Never start inside a UTF-8 sequence.
    while (cut < name.size() && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) ++cut;
    name = name.substr(cut);
  }
  return (t.parent_path() / (prefix + name)).string();
}

void AtomicFile::write(const std::string& path, const std::string& bytes) {
  std::string realTarget;
  if (classify(path, realTarget) == Kind::InPlace) return writeInPlace(path, bytes);
  std::unique_ptr<TempFile> temp;
  UniqueFd fd = createTemp(realTarget, temp);
  writeAll(fd.get(), bytes, path);
  if (fd.close() != 0) fail(path, "close", errno);
  commit(*temp, realTarget, path);
}

void AtomicFile::writeWith(const std::string& path,
                           const std::function<void(const std::string&)>& produce) {
  std::string realTarget;
  const Kind kind = classify(path, realTarget);
  if (kind == Kind::InPlace) {
    // Produce the file in the temporary folder (not beside a device in /dev), then copy it in.
    const fs::path name = fs::path(path).filename();
    const std::string staged = (fs::temp_directory_path() / name).string();
    std::unique_ptr<TempFile> temp;
    UniqueFd fd = createTemp(staged, temp);
    fd.reset();
    produce(temp->path());
    writeInPlace(path, readWhole(temp->path(), path));
    return;
  }
  std::unique_ptr<TempFile> temp;
  UniqueFd fd = createTemp(realTarget, temp);
  fd.reset();
  produce(temp->path());
  commit(*temp, realTarget, path);
}

}  // namespace seglens
