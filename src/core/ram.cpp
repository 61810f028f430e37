#include "core/ram.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "core/error.h"
#include "core/huge_pages.h"

namespace microvm {

namespace {

// Guest RAM on huge pages (core/huge_pages.h): far fewer host TLB misses too, for a guest that
// walks its memory (Linux, where QEMU does the same).
//
// Asked for 1 GiB into the host's address space, which 64-bit Linux leaves empty (programs and
// libraries load far above): when it is granted (a hint, not MAP_FIXED; the first RAM of a process
// gets it), RAM's host address fits a 32-bit displacement and translated code addresses guest RAM
// with one instruction fewer (jit/emit_mem.cpp, Emitter::direct_address). The pages' flags words
// follow RAM in the same mapping (`extra` bytes, zeroed), low for the same reason: a translated
// store looks its page's word up as [index * 64 + flags].
uint8_t* map_guest_memory(uint64_t size, uint64_t extra) {
  return map_huge_pages(size + extra, reinterpret_cast<void*>(uintptr_t{1} << 30));
}

}  // namespace

Ram::Ram(uint64_t base, uint64_t size) : base_(base), size_(size) {
  const uint64_t pages = this->pages();
  mapped_ = (pages << kPageShift) + ((pages * sizeof(FlagsLine) + kPageSize - 1) & ~(kPageSize - 1));
  host_ = map_guest_memory(size, mapped_ - size);
  if (!host_) throw user_error("cannot allocate {} MiB of guest memory", size >> 20);
  flags_ = reinterpret_cast<FlagsLine*>(host_ + (pages << kPageShift));
  std::uninitialized_value_construct_n(flags_, pages);  // over the mapping's zeroed bytes
  generations_ = std::make_unique<std::atomic<uint32_t>[]>(pages);
}

Ram::~Ram() { munmap(host_, mapped_); }

void Ram::mark_code(uint64_t pa) {
  auto& flags = flags_[page_index(pa)].word;
  if (!(flags.fetch_or(kCodeFlag, std::memory_order_acq_rel) & kCodeFlag)) {
    code_epoch_.fetch_add(1, std::memory_order_acq_rel);
  }
}

void Ram::written(uint64_t pa, uint64_t len) {
  if (len == 0 || !contains(pa, len)) return;
  for (uint64_t page = page_index(pa), last = page_index(pa + len - 1); page <= last; ++page) {
    const uint32_t flags = flags_[page].word.load(std::memory_order_relaxed);
    if (flags & kCodeFlag) {
      flags_[page].word.fetch_and(~kCodeFlag, std::memory_order_acq_rel);
      generations_[page].fetch_add(1, std::memory_order_acq_rel);
    }
    if (flags & kTrackFlag) note_write(static_cast<uint32_t>(page));
  }
}

void Ram::note_write(uint32_t page) {
  flags_[page].word.fetch_and(~kTrackFlag, std::memory_order_acq_rel);
  written_[page / 64].fetch_or(1ull << (page % 64), std::memory_order_relaxed);
}

void Ram::track_writes(bool on) {
  const uint64_t pages = this->pages();
  tracking_ = on;
  if (!on) {
    for (uint64_t p = 0; p < pages; ++p) flags_[p].word.fetch_and(~kTrackFlag, std::memory_order_acq_rel);
    written_.reset();
    return;
  }
  const uint64_t words = (pages + 63) / 64;
  written_ = std::make_unique<std::atomic<uint64_t>[]>(words);
  for (uint64_t w = 0; w < words; ++w) {
    const uint64_t bits = std::min<uint64_t>(64, pages - w * 64);
    written_[w].store(bits == 64 ? ~0ull : (1ull << bits) - 1, std::memory_order_relaxed);
  }
}

std::vector<uint32_t> Ram::take_written_pages() {
  std::vector<uint32_t> pages;
  if (!tracking_) return pages;
  const uint64_t words = (this->pages() + 63) / 64;
  for (uint64_t w = 0; w < words; ++w) {
    for (uint64_t bits = written_[w].exchange(0, std::memory_order_acq_rel); bits; bits &= bits - 1) {
      const auto page = static_cast<uint32_t>(w * 64 + __builtin_ctzll(bits));
      flags_[page].word.fetch_or(kTrackFlag, std::memory_order_acq_rel);
      pages.push_back(page);
    }
  }
  return pages;
}

void guest_copy(void* to, const void* from, uint64_t len) {
#if defined(__SANITIZE_THREAD__)
  auto* d = static_cast<uint8_t*>(to);
  auto* s = static_cast<uint8_t*>(const_cast<void*>(from));
  for (uint64_t i = 0; i < len; ++i) {
    std::atomic_ref<uint8_t>(d[i]).store(std::atomic_ref<uint8_t>(s[i]).load(std::memory_order_relaxed),
                                         std::memory_order_relaxed);
  }
#else
  std::memcpy(to, from, len);
#endif
}

bool Ram::read(uint64_t pa, void* out, uint64_t len) const {
  if (!contains(pa, len)) return false;
  if (len == 0) return true;
  guest_copy(out, ptr(pa), len);
  return true;
}

bool Ram::write(uint64_t pa, const void* in, uint64_t len) {
  if (!contains(pa, len)) return false;
  if (len == 0) return true;  // memcpy may not take the null pointer an empty span has
  guest_copy(ptr(pa), in, len);
  written(pa, len);
  return true;
}

}  // namespace microvm
