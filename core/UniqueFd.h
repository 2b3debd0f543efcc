#pragma once
// Owns one POSIX file descriptor: closed by the destructor on every path, including a
// constructor of the owning object that throws half-way (a raw int member would leak then).
#include <string>

namespace seglens {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  // open(2) with O_CLOEXEC added; an invalid holder (get() < 0) on failure, errno kept.
  static UniqueFd open(const std::string& path, int flags, int mode = 0);

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset(int fd = -1);
  // close(2) reporting its result: for written files a failing close can mean lost data.
  int close();

 private:
  int fd_ = -1;
};

}  // namespace seglens
