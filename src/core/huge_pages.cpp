#include "core/huge_pages.h"

#include <sys/mman.h>

namespace microvm {

uint8_t* map_huge_pages(uint64_t size, void* hint) {
  const uint64_t mapped = size + kHugePage;  // room to align
  void* p = mmap(hint, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  auto* start = static_cast<uint8_t*>(p);
  auto* aligned =
      reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(start) + kHugePage - 1) & ~(kHugePage - 1));
  if (aligned != start) munmap(start, static_cast<size_t>(aligned - start));
  const uint64_t tail = mapped - static_cast<uint64_t>(aligned - start) - size;
  if (tail) munmap(aligned + size, tail);
#ifdef MADV_HUGEPAGE
  madvise(aligned, size, MADV_HUGEPAGE);
#endif
  return aligned;
}

HugePages::~HugePages() {
  if (data_) munmap(data_, size_);
}

}  // namespace microvm
