// The lamp machine's physical address space (spec §1.3 "Plain memory access", §2.1): 64 MiB of RAM
// in one host mapping, shared by every core without a lock, plus MMIO devices looked up by first
// match in registration order with an inclusive end. Only 32-bit accesses reach MMIO devices;
// 8-bit accesses see the framebuffer ranges and otherwise RAM, even under a device.
//
// The kind table lets a core decide with one load whether a RAM access may take the fast
// path: a 256-byte line holding any part of a device (32-bit path) or of the FB alias (8-bit path) goes
// through the slow path here, which does exactly what the original does.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/ram.h"
#include "lamp/framebuffer.h"
#include "lamp/layout.h"
#include "lamp/mmio.h"

namespace microvm::lamp {

// Plain guest accesses to shared RAM are relaxed atomics when aligned (a plain move on the host):
// guests race on purpose (a flag polled with LOAD32), and that must not be a host data race.
inline uint32_t ram_load32(uint8_t* p) {
  if (reinterpret_cast<uintptr_t>(p) % 4 == 0) {
    return std::atomic_ref<uint32_t>(*reinterpret_cast<uint32_t*>(p)).load(std::memory_order_relaxed);
  }
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline void ram_store32(uint8_t* p, uint32_t value) {
  if (reinterpret_cast<uintptr_t>(p) % 4 == 0) {
    return std::atomic_ref<uint32_t>(*reinterpret_cast<uint32_t*>(p)).store(value, std::memory_order_relaxed);
  }
  std::memcpy(p, &value, 4);
}
// An instruction word (8 bytes, as two word loads): another core may be writing it.
inline uint64_t ram_load_insn(uint8_t* p) { return ram_load32(p) | uint64_t{ram_load32(p + 4)} << 32; }
inline uint8_t ram_load8(uint8_t* p) { return std::atomic_ref<uint8_t>(*p).load(std::memory_order_relaxed); }
inline void ram_store8(uint8_t* p, uint8_t value) {
  std::atomic_ref<uint8_t>(*p).store(value, std::memory_order_relaxed);
}

class Memory {
 public:
  // The table has one entry per 256 bytes, not per page, so data just past TIME (programs start
  // at 0x201C) still takes the fast path.
  static constexpr unsigned kKindShift = 8;
  static constexpr uint8_t kMmio32Page = 1;  // some device covers part of this page
  static constexpr uint8_t kFb8Page = 2;     // the FB alias covers part of this page

  explicit Memory(Framebuffer& fb);

  uint8_t* host() const { return ram_.host(); }
  Ram& ram() { return ram_; }
  Framebuffer& framebuffer() { return fb_; }

  // Registration order is lookup order (spec: FB, FB alias, TIME, INTC, IOMMU, MMU, SYSINFO).
  void map(uint32_t base, uint32_t size, MmioDevice& device);

  // The device covering `pa` (first match) and the offset into it; nullptr when none.
  MmioDevice* find(uint32_t pa, uint32_t& offset) const;

  bool fast32(uint32_t pa) const {
    return pa <= kRamSize - 4 && !(page_kind_[pa >> kKindShift] & kMmio32Page);
  }
  bool fast8(uint32_t pa) const { return pa < kRamSize && !(page_kind_[pa >> kKindShift] & kFb8Page); }
  // The kind of each page (what fast32 and fast8 look at), for translated code.
  const uint8_t* page_kinds() const { return page_kind_.data(); }

  // The slow paths, physical addresses; false when `pa` is past the end of RAM (the core reports
  // the fault).
  [[nodiscard]] bool read32(unsigned core, uint32_t pa, uint32_t& value);
  [[nodiscard]] bool write32(unsigned core, uint32_t pa, uint32_t value);
  [[nodiscard]] bool read8(uint32_t pa, uint8_t& value);
  [[nodiscard]] bool write8(uint32_t pa, uint8_t value);

  // The largest range [lo, hi) around `pa` of RAM with no device, where instructions can be fetched
  // straight from host memory; false when `pa` is not in such a range.
  bool plain_window(uint32_t pa, uint32_t& lo, uint32_t& hi) const;

 private:
  struct Mapping {
    uint32_t base;
    uint32_t last;  // inclusive
    MmioDevice* device;
  };
  // The two framebuffer windows, as MMIO devices for 32-bit accesses.
  struct FbWindow : MmioDevice {
    explicit FbWindow(Framebuffer& f) : fb(f) {}
    uint32_t read32(unsigned, uint32_t offset) override { return fb.read32(offset); }
    void write32(unsigned, uint32_t offset, uint32_t value) override { fb.write32(offset, value); }
    Framebuffer& fb;
  };
  static bool in_fb(uint32_t pa, uint32_t& offset);

  Ram ram_;
  Framebuffer& fb_;
  FbWindow fb_window_;
  std::vector<Mapping> mappings_;
  std::vector<uint8_t> page_kind_;
};

}  // namespace microvm::lamp
