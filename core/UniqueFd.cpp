#include "UniqueFd.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace seglens {

UniqueFd UniqueFd::open(const std::string& path, int flags, int mode) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  return UniqueFd(fd);
}

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) {
    const int saved = errno;  // a destructor must not clobber the errno a caller is reporting
    ::close(fd_);
    errno = saved;
  }
  fd_ = fd;
}

int UniqueFd::close() {
  if (fd_ < 0) return 0;
  const int fd = release();
  return ::close(fd);
}

}  // namespace seglens
