#include "riscv/decoded_pages.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <type_traits>

#include "core/error.h"
#include "core/huge_pages.h"

namespace microvm::riscv {
namespace {

constexpr size_t kPagesPerChunk = kHugePage / sizeof(DecodedPage);
// Chunks are given back whole, never page by page.
static_assert(std::is_trivially_destructible_v<DecodedPage>);

}  // namespace

DecodedPage* DecodedPageCache::get(uint64_t pa, bool& started_over) {
  started_over = false;
  auto it = pages_.find(pa);
  if (it != pages_.end()) return it->second;
  if (pages_.size() >= kMaxPages) {
    // Start over rather than track use.
    clear();
    started_over = true;
  }
  DecodedPage* page = allocate();
  page->pa = pa;
  page->ram_generation = &ram_.code_generations()[(pa - ram_.base()) >> 12];
  ram_.mark_code(pa);
  page->generation = ram_.code_generation(pa);
  std::memcpy(page->bytes.data(), ram_.ptr(pa), page->bytes.size());
  reset_slots(*page);
  pages_.emplace(pa, page);
  return page;
}

DecodedPage* DecodedPageCache::allocate() {
  if (current_chunk_ < chunks_.size() && chunks_[current_chunk_].used == kPagesPerChunk) ++current_chunk_;
  if (current_chunk_ == chunks_.size()) {
    std::unique_ptr<HugePages> memory =
        next_chunk_.valid() ? next_chunk_.get() : std::make_unique<HugePages>(kHugePage);
    if (memory->data() == nullptr) throw user_error("out of host memory for decoded code");
    chunks_.push_back({std::move(memory), 0});
    next_chunk_ = std::async(std::launch::async, [] {
      auto next = std::make_unique<HugePages>(kHugePage);
#ifdef MADV_POPULATE_WRITE
      if (next->data()) madvise(next->data(), kHugePage, MADV_POPULATE_WRITE);
#endif
      return next;
    });
  }
  Chunk& chunk = chunks_[current_chunk_];
  // Default-initialised: get() and reset_slots() write every field, so no zeroing first.
  return new (chunk.memory->data() + sizeof(DecodedPage) * chunk.used++) DecodedPage;
}

void DecodedPageCache::clear() {
  pages_.clear();
  for (Chunk& chunk : chunks_) chunk.used = 0;
  current_chunk_ = 0;
}

void DecodedPageCache::revalidate(DecodedPage& page) {
  const uint8_t* host = ram_.ptr(page.pa);
  const bool unchanged = page.generation == ram_.code_generation(page.pa) &&
                         std::memcmp(page.bytes.data(), host, page.bytes.size()) == 0;
  page.verify = false;
  if (unchanged) return;
  // Mark first, then read the generation, then copy: a store racing with us either lands in the
  // copy or bumps the generation we recorded.
  ram_.mark_code(page.pa);
  page.generation = ram_.code_generation(page.pa);
  std::memcpy(page.bytes.data(), host, page.bytes.size());
  reset_slots(page);
}

void DecodedPageCache::reset_slots(DecodedPage& page) {
  page.incarnation = next_incarnation_++;
  std::fill(page.insns.begin(), page.insns.begin() + DecodedPage::kSlots, Insn{decode_, 0, {}, {}, {}, {}});
  std::fill(page.insns.begin() + DecodedPage::kSlots, page.insns.end(), sentinel());
}

}  // namespace microvm::riscv
