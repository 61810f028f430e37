// The hart's translation cache: per-privilege-context TLBs that map a guest virtual page straight
// to host memory (separate read, write and fetch entries), the log of entries filled since the
// last flush, and the superpages sfence.vma must find. The page walk that fills them is the
// hart's (mmu.cpp); this unit only caches its results and forgets them on a flush.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace microvm::riscv {

struct DecodedPage;

enum class Access : uint8_t { kRead, kWrite, kFetch };

// One TLB entry: a guest virtual page and where it is in host memory. A hit compares the tag
// with the address masked to its page and its alignment, so one compare also sends misaligned
// accesses (rare, and maybe page-crossing) to the slow path.
struct TlbEntry {
  // The masked address always has bits 11..3 clear (the size keeps at most bits 2..0), so a tag
  // with bit 11 set matches nothing, misaligned addresses in page 0 included.
  static constexpr uint64_t kInvalid = 0x800;
  uint64_t tag = kInvalid;  // the virtual page address
  uintptr_t addend = 0;     // host address minus guest virtual address
  template <typename T>
  bool hit(uint64_t va) const {
    return tag == (va & (~0xFFFull | (sizeof(T) - 1)));
  }
};

class Tlb {
 public:
  static constexpr unsigned kIndexBits = 10;
  static constexpr unsigned kSize = 1u << kIndexBits;
  static constexpr uint64_t kPageMask = 0xFFF;

  // The entries of one translation context (U, S, S with SUM, M).
  struct Set {
    TlbEntry read[kSize];
    TlbEntry write[kSize];
    std::atomic<uint32_t>* write_flags[kSize];  // the page's Ram flags word, for stores
    TlbEntry fetch[kSize];
    DecodedPage* fetch_page[kSize];
    // The entries filled since the last flush, so that a flush (every satp write: each Linux
    // context switch) clears the few dozen entries in use rather than all of them.
    static constexpr unsigned kFillLog = 128;
    uint16_t filled[kFillLog];  // kind << kIndexBits | index; kind 0 read, 1 write, 2 fetch
    static_assert(kIndexBits + 2 <= 16, "an index and its kind fit a filled[] entry");
    unsigned filled_count = 0;  // past kFillLog: unknown, clear everything
  };
  enum Context { kCtxU = 0, kCtxS = 1, kCtxSum = 2, kCtxM = 3 };
  // Address spaces whose entries are kept at once: the translating contexts (U, S, S with SUM)
  // have a set each per address space, M one set. See switch_space.
  static constexpr unsigned kSpaces = 4;

  Tlb();

  static unsigned index(uint64_t va) { return (va >> 12) & (kSize - 1); }

  // The sets loads/stores and fetches use now (the hart selects them on every privilege change).
  Set& data() const { return *data_; }
  // The current address space's set (for the monitor's `info tlb`).
  const Set& set(Context ctx) const { return sets_[slot(current_, ctx)]; }
  Set& fetch() const { return *fetch_; }
  // Where the data set pointer lives, for translated code that reads it at run time.
  Set* const* data_slot() const { return &data_; }
  Set* const* fetch_slot() const { return &fetch_; }
  void select(Context data_ctx, Context fetch_ctx) {
    data_ctx_ = data_ctx, fetch_ctx_ = fetch_ctx;
    data_ = &sets_[slot(current_, data_ctx)];
    fetch_ = &sets_[slot(current_, fetch_ctx)];
  }
  // A satp write, from `from` to `to`. Entries are tagged by address space, as hardware tags them
  // by ASID: a guest that gives its processes ASIDs (Linux does) finds a process's entries still
  // there when it switches back to it, instead of walking its page tables again after every
  // context switch. An address space is the whole satp value (ASID and root). A switch to a satp
  // value with ASID 0 starts from no entries, as every change of satp does on QEMU: guests
  // without ASIDs rely on it. satp written with the value it has changes nothing (nor does it on
  // QEMU). flush_all() forgets which address space is which too: it comes with every change of
  // satp that is not a write (reset, an SBI HSM start, a snapshot loaded, a debugger's).
  void switch_space(uint64_t from, uint64_t to);

  // Maps the virtual page of `va` to the host page `host_page`; returns the entry.
  TlbEntry& fill_read(uint64_t va, uint8_t* host_page) { return fill(*data_, kFillRead, va, host_page); }
  TlbEntry& fill_write(uint64_t va, uint8_t* host_page, std::atomic<uint32_t>* flags) {
    data_->write_flags[index(va)] = flags;
    return fill(*data_, kFillWrite, va, host_page);
  }
  TlbEntry& fill_fetch(uint64_t va, uint8_t* host_page, DecodedPage* page) {
    fetch_->fetch_page[index(va)] = page;
    return fill(*fetch_, kFillFetch, va, host_page);
  }

  // A leaf above level 0 was used: sfence.vma of any page in it must flush (see flush_page).
  void note_superpage(uint64_t va, int level);
  void flush_all();         // every context (satp writes, HSM start, reset)
  void flush_translated();  // the contexts that translate (sfence.vma of everything)
  void flush_page(uint64_t va);
  // Forgets every fetch entry (the decoded pages they point to are going away).
  void forget_fetch_pages();

 private:
  enum FillKind : uint16_t { kFillRead = 0, kFillWrite = 1, kFillFetch = 2 };
  TlbEntry& fill(Set& set, FillKind kind, uint64_t va, uint8_t* host_page);
  void flush_set(unsigned n);        // sets_[n]
  void flush_space(unsigned space);  // its U, S and S+SUM sets
  // The set of `ctx` in address space `space` (M's is shared: it does not translate).
  static unsigned slot(unsigned space, Context ctx) {
    return ctx == kCtxM ? kSpaces * kCtxM : space * kCtxM + ctx;
  }

  static constexpr unsigned kSets = kSpaces * kCtxM + 1;
  std::unique_ptr<Set[]> sets_;
  // Per set, bit (index % 64) for each index filled since its last flush: sfence.vma of a page
  // looks only in the sets that may hold it (twelve sets, most of them cold in the host's caches).
  uint64_t filled_bits_[kSets] = {};
  Set* data_ = nullptr;
  Set* fetch_ = nullptr;
  Context data_ctx_ = kCtxM, fetch_ctx_ = kCtxM;
  struct Space {
    uint64_t satp = 0;
    uint64_t used = 0;  // when it was last switched to, for choosing which one to reuse
    bool kept = false;  // a nonzero ASID, filled under `satp`: a later switch to it finds them
  };
  Space spaces_[kSpaces];
  unsigned current_ = 0;
  uint64_t switches_ = 0;
  // Superpages whose pages the TLBs may hold since the last full flush (see flush_page).
  struct SuperpageRange {
    uint64_t first_vpn;
    int level;
  };
  std::vector<SuperpageRange> superpages_;
  // Superpages past the list's end: the span of pages [first, end) that covers them all.
  uint64_t unlisted_first_ = ~0ull, unlisted_end_ = 0;
};

}  // namespace microvm::riscv
