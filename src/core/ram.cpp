#include "core/ram.h"

#include <sys/mman.h>

#include <cstring>

#include "core/error.h"

namespace microvm {

Ram::Ram(uint64_t base, uint64_t size) : base_(base), size_(size) {
  // MAP_NORESERVE: a 4 GiB guest costs only the pages it touches.
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw user_error("cannot allocate {} MiB of guest memory", size >> 20);
  host_ = static_cast<uint8_t*>(p);
  const uint64_t pages = (size + kPageSize - 1) >> kPageShift;
  flags_ = std::make_unique<std::atomic<uint32_t>[]>(pages);
  generations_ = std::make_unique<std::atomic<uint32_t>[]>(pages);
}

Ram::~Ram() { munmap(host_, size_); }

void Ram::mark_code(uint64_t pa) {
  auto& flags = flags_[page_index(pa)];
  if (!(flags.fetch_or(kCodeFlag, std::memory_order_acq_rel) & kCodeFlag)) {
    code_epoch_.fetch_add(1, std::memory_order_acq_rel);
  }
}

void Ram::written(uint64_t pa, uint64_t len) {
  if (len == 0 || !contains(pa, len)) return;
  for (uint64_t page = page_index(pa), last = page_index(pa + len - 1); page <= last; ++page) {
    if (flags_[page].load(std::memory_order_relaxed) & kCodeFlag) {
      flags_[page].fetch_and(~kCodeFlag, std::memory_order_acq_rel);
      generations_[page].fetch_add(1, std::memory_order_acq_rel);
    }
  }
}

bool Ram::read(uint64_t pa, void* out, uint64_t len) const {
  if (!contains(pa, len)) return false;
  if (len == 0) return true;
  std::memcpy(out, ptr(pa), len);
  return true;
}

bool Ram::write(uint64_t pa, const void* in, uint64_t len) {
  if (!contains(pa, len)) return false;
  if (len == 0) return true;  // memcpy may not take the null pointer an empty span has
  std::memcpy(ptr(pa), in, len);
  written(pa, len);
  return true;
}

}  // namespace microvm
