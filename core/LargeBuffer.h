#pragma once
// Large fresh buffers backed in one go. Under this kind of hypervisor a page fault costs tens of
// microseconds (78 MB touched page by page: 330-440 ms; populated in one call: 8 ms), so every
// volume-sized buffer that is about to be written in full is populated up front.
#include <cstddef>
#include <memory>
#include <vector>

namespace seglens {

// Asks the kernel for huge pages and to populate [data, data+bytes) now; advice the kernel does
// not support is ignored. Small buffers are left alone.
void prefault(void* data, std::size_t bytes);

template <class T>
std::vector<T> bigVector(std::size_t n) {
  std::vector<T> v;
  v.reserve(n);
  prefault(v.data(), n * sizeof(T));
  v.resize(n);
  return v;
}

template <class T>
std::unique_ptr<T[]> bigArray(std::size_t n) {
  std::unique_ptr<T[]> a(new T[n]);
  prefault(a.get(), n * sizeof(T));
  return a;
}

}  // namespace seglens
