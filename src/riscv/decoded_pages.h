// The hart's decoded-code cache: one DecodedPage per physical page of RAM it has run code from,
// decoded lazily slot by slot, and checked against memory before use when a store changed the page
// (its code generation moved) or fence.i asked for a comparison.
#pragma once

#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/huge_pages.h"
#include "core/ram.h"
#include "riscv/insn.h"

namespace microvm::riscv {

class DecodedPageCache {
 public:
  // `decode` is the handler every fresh slot starts with, `leave` the sentinels' (the hart's).
  DecodedPageCache(Ram& ram, Handler decode, Handler leave) : ram_(ram), decode_(decode), leave_(leave) {}
  DecodedPageCache(const DecodedPageCache&) = delete;
  DecodedPageCache& operator=(const DecodedPageCache&) = delete;

  // Decoded pages kept before starting over (32 KiB each plus a 4 KiB copy).
  static constexpr size_t kMaxPages = 4096;
  // The decoded page for the RAM page at `pa` (page-aligned), created if new. When the cache is
  // full it starts over and sets `started_over`: pointers to older pages are then dangling.
  DecodedPage* get(uint64_t pa, bool& started_over);
  // Before running from `page`: starts its slots over if its bytes in memory changed.
  void refresh(DecodedPage& page) {
    // The same test as the translator's cross-page stub (translator.cpp, emit_cross_page).
    if (page.verify || page.generation != page.ram_generation->load(std::memory_order_acquire)) [[unlikely]]
      revalidate(page);
  }
  // Every page compares itself with memory before its next use (fence.i, a remote fence).
  void verify_all() {
    for (auto& [pa, page] : pages_) page->verify = true;
  }
  void clear();
  // Fills a page's slots with the decode handler and its sentinels with the leave handler.
  void reset_slots(DecodedPage& page);
  // Sentinel-terminated copies for an instruction run outside any page.
  Insn sentinel() const { return Insn{leave_, 0, {}, {}, {}, {}}; }

 private:
  void revalidate(DecodedPage& page);

  Ram& ram_;
  Handler decode_;
  Handler leave_;
  // Pages live in chunks of huge pages (core/huge_pages.h), handed out in order and all taken
  // back at once (the cache only ever forgets everything): a boot decodes hundreds of pages, and
  // one allocation each cost nine host page faults. Chunks are kept for the next start.
  DecodedPage* allocate();
  struct Chunk {
    std::unique_ptr<HugePages> memory;
    size_t used;  // pages handed out
  };
  std::vector<Chunk> chunks_;
  size_t current_chunk_ = 0;
  // The next chunk, mapped and touched on another thread meanwhile: the host kernel zeroes a huge
  // page at its first touch, up to a tenth of a Linux boot on this project's VM.
  std::future<std::unique_ptr<HugePages>> next_chunk_;
  std::unordered_map<uint64_t, DecodedPage*> pages_;
  uint64_t next_incarnation_ = 1;
};

}  // namespace microvm::riscv
