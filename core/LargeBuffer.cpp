#include "LargeBuffer.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>

namespace seglens {

void prefault(void* data, std::size_t bytes) {
#ifndef MADV_POPULATE_WRITE
  constexpr int MADV_POPULATE_WRITE = 23;  // Linux 5.14
#endif
  if (bytes < (std::size_t(1) << 21)) return;
  const auto start = reinterpret_cast<std::uintptr_t>(data);
  const auto roundUp = [](std::uintptr_t v, std::uintptr_t a) { return (v + a - 1) & ~(a - 1); };
  const std::uintptr_t hugeBegin = roundUp(start, std::uintptr_t(1) << 21);
  const std::uintptr_t hugeEnd = (start + bytes) & ~((std::uintptr_t(1) << 21) - 1);
  if (hugeEnd > hugeBegin)
    ::madvise(reinterpret_cast<void*>(hugeBegin), hugeEnd - hugeBegin, MADV_HUGEPAGE);
  const std::uintptr_t begin = roundUp(start, 4096), end = (start + bytes) & ~std::uintptr_t(4095);
  // In 4 MiB steps: populating holds the process's memory-map lock, and a UI thread that maps
  // memory meanwhile (any large malloc) would wait for the whole buffer, hundreds of ms.
  constexpr std::uintptr_t kStep = std::uintptr_t(4) << 20;
  for (std::uintptr_t p = begin; p < end; p += kStep)
    ::madvise(reinterpret_cast<void*>(p), std::min(kStep, end - p), MADV_POPULATE_WRITE);
}

}  // namespace seglens
