// Guest RAM: one anonymous host mapping, shared by every hart and device without a lock.
//
// Each 4 KiB page also carries a flags word that fast-path stores look at after writing: a
// nonzero value means the store must tell someone (a hart decoded code from the page, or a hart
// holds an LR reservation in it). Keeping this in one word keeps the common store to one load
// and one well-predicted branch.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace microvm {

class Ram {
 public:
  static constexpr unsigned kPageShift = 12;
  static constexpr uint64_t kPageSize = 1ull << kPageShift;

  // Flags word layout.
  static constexpr uint32_t kCodeFlag = 1;               // some hart holds decoded code for the page
  static constexpr uint32_t kReservationUnit = 1u << 8;  // count of LR reservations in the page

  Ram(uint64_t base, uint64_t size);
  ~Ram();
  Ram(const Ram&) = delete;
  Ram& operator=(const Ram&) = delete;

  uint64_t base() const { return base_; }
  uint64_t size() const { return size_; }
  uint64_t end() const { return base_ + size_; }
  uint8_t* host() const { return host_; }

  bool contains(uint64_t pa, uint64_t len = 1) const {
    return pa >= base_ && len <= size_ && pa - base_ <= size_ - len;
  }
  uint8_t* ptr(uint64_t pa) const { return host_ + (pa - base_); }

  uint64_t page_index(uint64_t pa) const { return (pa - base_) >> kPageShift; }
  std::atomic<uint32_t>& page_flags(uint64_t pa) { return flags_[page_index(pa)]; }

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
  // special-store path of a hart. Invalidates decoded code in those pages.
  void written(uint64_t pa, uint64_t len);

  // Copies for loaders and DMA engines; both bounds-check and return false when out of range.
  bool read(uint64_t pa, void* out, uint64_t len) const;
  bool write(uint64_t pa, const void* in, uint64_t len);

 private:
  uint64_t base_;
  uint64_t size_;
  uint8_t* host_ = nullptr;
  std::unique_ptr<std::atomic<uint32_t>[]> flags_;
  std::unique_ptr<std::atomic<uint32_t>[]> generations_;
  std::atomic<uint64_t> code_epoch_{0};
};

}  // namespace microvm
