#include "riscv/decoded_pages.h"

#include <algorithm>
#include <cstring>

namespace microvm::riscv {
namespace {

// Decoded pages a hart keeps before starting over (32 KiB each plus a 4 KiB copy).
constexpr size_t kMaxDecodedPages = 4096;

}  // namespace

DecodedPage* DecodedPageCache::get(uint64_t pa, bool& started_over) {
  started_over = false;
  auto it = pages_.find(pa);
  if (it != pages_.end()) return it->second.get();
  if (pages_.size() >= kMaxDecodedPages) {
    // Start over rather than track use.
    pages_.clear();
    started_over = true;
  }
  auto page = std::make_unique<DecodedPage>();
  page->pa = pa;
  page->ram_generation = &ram_.code_generations()[(pa - ram_.base()) >> 12];
  ram_.mark_code(pa);
  page->generation = ram_.code_generation(pa);
  std::memcpy(page->bytes.data(), ram_.ptr(pa), page->bytes.size());
  reset_slots(*page);
  DecodedPage* raw = page.get();
  pages_.emplace(pa, std::move(page));
  return raw;
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
