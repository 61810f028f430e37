// Guest RAM: one anonymous host mapping, shared by every hart and device without a lock.
//
// Each 4 KiB page also carries a flags word that fast-path stores look at after writing: a
// nonzero value means the store must tell someone (a hart decoded code from the page, or a hart
// holds an LR reservation in it). Keeping this in one word keeps the common store to one load
// and one well-predicted branch. Each word has a cache line of its own: every LR and SC changes
// its page's word, and with 16 words to a line a hart taking a lock would pull the line from
// under the other harts' stores to 15 unrelated pages (the SMP pipelines job's 2-hart run was
// about 5% slower for it; docs/performance-notes.md, "2026-12-05 evening").
//
// The same word tracks writes for checkpoints: while tracking, a page nobody wrote since the last
// look carries kTrackFlag, so the first store to it takes the slow path and records it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace microvm {

class Ram {
 public:
  static constexpr unsigned kPageShift = 12;
  static constexpr uint64_t kPageSize = 1ull << kPageShift;

  // Flags word layout.
  static constexpr uint32_t kCodeFlag = 1;               // some hart holds decoded code for the page
  static constexpr uint32_t kTrackFlag = 2;              // not written since take_written_pages()
  static constexpr uint32_t kReservationUnit = 1u << 8;  // count of LR reservations in the page

  Ram(uint64_t base, uint64_t size);
  ~Ram();
  Ram(const Ram&) = delete;
  Ram& operator=(const Ram&) = delete;

  uint64_t base() const { return base_; }
  uint64_t size() const { return size_; }
  uint64_t end() const { return base_ + size_; }
  // Pages, a partial last one included: each has its flags line, generation and written bit.
  uint64_t pages() const { return (size_ + kPageSize - 1) >> kPageShift; }
  uint8_t* host() const { return host_; }

  bool contains(uint64_t pa, uint64_t len = 1) const {
    return pa >= base_ && len <= size_ && pa - base_ <= size_ - len;
  }
  uint8_t* ptr(uint64_t pa) const { return host_ + (pa - base_); }

  // Bytes from one page's flags word to the next's.
  static constexpr unsigned kFlagsStride = 64;

  uint64_t page_index(uint64_t pa) const { return (pa - base_) >> kPageShift; }
  std::atomic<uint32_t>& page_flags(uint64_t pa) { return flags_[page_index(pa)].word; }
  // The first page's flags word; page i's is kFlagsStride * i bytes further.
  const std::atomic<uint32_t>* flags() const { return &flags_[0].word; }
  // Past the last page's flags line.
  uintptr_t flags_end() const { return reinterpret_cast<uintptr_t>(flags_ + pages()); }

  // Decoded-code bookkeeping. A hart that decodes a page marks it; a write to a marked page
  // bumps the page's generation so every hart re-decodes before executing from it again.
  void mark_code(uint64_t pa);
  uint32_t code_generation(uint64_t pa) const {
    return generations_[page_index(pa)].load(std::memory_order_acquire);
  }
  // The generations, one per page from base() (for translated code that compares them).
  const std::atomic<uint32_t>* code_generations() const { return generations_.get(); }
  // Incremented whenever a page becomes code, so harts know to drop write-TLB entries.
  uint64_t code_epoch() const { return code_epoch_.load(std::memory_order_acquire); }

  // Called after anything but a fast-path store wrote [pa, pa+len): device DMA, loaders, the
  // special-store path of a hart. Invalidates decoded code in those pages, and records them
  // when tracking writes.
  void written(uint64_t pa, uint64_t len);

  // Write tracking, for checkpoints that keep only what changed. Turned on, every page counts as
  // written once (nothing has been looked at yet). Called with no hart running.
  void track_writes(bool on);
  bool tracking_writes() const { return tracking_; }
  // The pages (indices from base()) written since the last call, in order; they are clean again.
  std::vector<uint32_t> take_written_pages();
  // A store saw kTrackFlag on the page of `pa`.
  void note_store(uint64_t pa) { note_write(static_cast<uint32_t>(page_index(pa))); }

  // Copies for loaders and DMA engines; both bounds-check and return false when out of range.
  bool read(uint64_t pa, void* out, uint64_t len) const;
  bool write(uint64_t pa, const void* in, uint64_t len);

 private:
  void note_write(uint32_t page);

  uint64_t base_;
  uint64_t size_;
  uint8_t* host_ = nullptr;
  uint64_t mapped_ = 0;  // RAM and the flags words after it
  struct alignas(kFlagsStride) FlagsLine {
    std::atomic<uint32_t> word;
  };
  FlagsLine* flags_ = nullptr;
  std::unique_ptr<std::atomic<uint32_t>[]> generations_;
  std::atomic<uint64_t> code_epoch_{0};
  bool tracking_ = false;
  std::unique_ptr<std::atomic<uint64_t>[]> written_;  // one bit per page, while tracking
};

// Copies to or from guest RAM, which the harts read and write with relaxed atomics while devices
// copy: the guest may change a buffer a device is reading, as on real hardware. Under
// ThreadSanitizer the copy is made of relaxed atomic bytes too, so it reports races in microvm and
// not the guest's own; otherwise it is memcpy (x86 loads and stores are as atomic as relaxed ones).
void guest_copy(void* to, const void* from, uint64_t len);

}  // namespace microvm
