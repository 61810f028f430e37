#include "riscv/tlb.h"

#include <algorithm>
#include <iterator>

namespace microvm::riscv {

Tlb::Tlb() : sets_(std::make_unique<Set[]>(kSets)) { select(kCtxM, kCtxM); }

TlbEntry& Tlb::fill(Set& set, FillKind kind, uint64_t va, uint8_t* host_page) {
  const unsigned i = index(va);
  filled_bits_[&set - sets_.get()] |= 1ull << (i % 64);
  TlbEntry& entry = (kind == kFillRead ? set.read : kind == kFillWrite ? set.write : set.fetch)[i];
  if (entry.tag == TlbEntry::kInvalid) {
    if (set.filled_count < Set::kFillLog)
      set.filled[set.filled_count] = static_cast<uint16_t>(kind << kIndexBits | i);
    if (set.filled_count <= Set::kFillLog) ++set.filled_count;
  }
  entry.tag = va & ~kPageMask;
  entry.addend = reinterpret_cast<uintptr_t>(host_page) - (va & ~kPageMask);
  return entry;
}

void Tlb::flush_set(unsigned n) {
  if (!filled_bits_[n]) return;
  filled_bits_[n] = 0;
  Set& set = sets_[n];
  if (set.filled_count > Set::kFillLog) {
    std::fill(std::begin(set.read), std::end(set.read), TlbEntry{});
    std::fill(std::begin(set.write), std::end(set.write), TlbEntry{});
    std::fill(std::begin(set.fetch), std::end(set.fetch), TlbEntry{});
  } else {
    for (unsigned i = 0; i < set.filled_count; ++i) {
      const unsigned slot = set.filled[i] & (kSize - 1);
      TlbEntry* arrays[] = {set.read, set.write, set.fetch};
      arrays[set.filled[i] >> kIndexBits][slot] = TlbEntry{};
    }
  }
  set.filled_count = 0;
}

void Tlb::flush_all() {
  flush_set(slot(0, kCtxM));
  flush_translated();
  for (Space& space : spaces_) space.kept = false;
}

void Tlb::flush_space(unsigned space) {
  for (int ctx = kCtxU; ctx <= kCtxSum; ++ctx) flush_set(slot(space, static_cast<Context>(ctx)));
}

void Tlb::flush_translated() {
  for (unsigned space = 0; space < kSpaces; ++space) flush_space(space);
  superpages_.clear();
  unlisted_first_ = ~0ull, unlisted_end_ = 0;
}

void Tlb::switch_space(uint64_t from, uint64_t to) {
  constexpr unsigned kAsidShift = 44;
  constexpr uint64_t kAsidMask = 0xFFFF;
  if (from == to) return;
  const bool kept = ((to >> kAsidShift) & kAsidMask) != 0;
  ++switches_;
  unsigned space = current_;
  if (kept) {
    // Back to an address space still here, or else the one unused longest.
    for (unsigned s = 0; s < kSpaces; ++s) {
      if (spaces_[s].kept && spaces_[s].satp == to) {
        current_ = s;
        spaces_[s].used = switches_;
        select(data_ctx_, fetch_ctx_);
        return;
      }
      if (spaces_[s].used < spaces_[space].used) space = s;
    }
  }
  flush_space(space);
  spaces_[space] = {to, switches_, kept};
  current_ = space;
  select(data_ctx_, fetch_ctx_);
}

void Tlb::forget_fetch_pages() {
  for (unsigned i = 0; i < kSets; ++i)
    std::fill(std::begin(sets_[i].fetch), std::end(sets_[i].fetch), TlbEntry{});
}

void Tlb::note_superpage(uint64_t va, int level) {
  // The TLB holds 4 KiB pieces of a superpage; remember the whole range so sfence.vma of any
  // address in it can find the other pieces (which all came from the same leaf PTE).
  // Past a few dozen the list costs more than it saves: the rest are kept as one span of pages
  // (a kernel's linear map, in one region of the address space), and an sfence.vma inside it
  // flushes all. Address spaces now live across context switches, so the list fills up.
  constexpr size_t kMaxRanges = 64;
  const uint64_t first = (va >> 12) & ~((1ull << (9 * level)) - 1);
  const uint64_t end = first + (1ull << (9 * level));
  if (first >= unlisted_first_ && end <= unlisted_end_) return;
  for (const SuperpageRange& r : superpages_) {
    if (r.first_vpn == first && r.level == level) return;
  }
  if (superpages_.size() == kMaxRanges) {
    unlisted_first_ = std::min(unlisted_first_, first);
    unlisted_end_ = std::max(unlisted_end_, end);
    return;
  }
  superpages_.push_back({first, level});
}

void Tlb::flush_page(uint64_t va) {
  // Privileged spec 4.2.1: sfence.vma with an address invalidates translations that come from
  // the leaf PTE for it, which for a superpage covers more than this 4 KiB page.
  const uint64_t vpn = va >> 12;
  if (vpn >= unlisted_first_ && vpn < unlisted_end_) {
    flush_translated();
    return;
  }
  for (const SuperpageRange& r : superpages_) {
    if ((vpn & ~((1ull << (9 * r.level)) - 1)) == r.first_vpn) {
      flush_translated();
      return;
    }
  }
  // Every address space's (sfence.vma with an ASID flushes all of them: more than it must).
  const unsigned i = index(va);
  for (unsigned space = 0; space < kSpaces; ++space) {
    for (int ctx = kCtxU; ctx <= kCtxSum; ++ctx) {
      const unsigned n = slot(space, static_cast<Context>(ctx));
      if (!(filled_bits_[n] & 1ull << (i % 64))) continue;
      for (TlbEntry* e : {&sets_[n].read[i], &sets_[n].write[i], &sets_[n].fetch[i]}) {
        if (e->tag == (va & ~kPageMask)) *e = TlbEntry{};
      }
    }
  }
}

}  // namespace microvm::riscv
