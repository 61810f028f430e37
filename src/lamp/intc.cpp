#include "lamp/intc.h"

#include <fmt/format.h>

#include <cstdio>

namespace microvm::lamp {
namespace {
constexpr uint32_t kPendingEnd = 0x020;
constexpr uint32_t kEnableBase = 0x040;
constexpr uint32_t kEnableEnd = 0x060;
constexpr uint32_t kPriorityBase = 0x100;
constexpr uint32_t kPriorityEnd = 0x500;
constexpr uint32_t kEoi = 0x500;
}  // namespace

Intc::Intc(unsigned cores, std::function<void(const std::string&)> on_bad_write)
    : cores_(cores), lines_(std::make_unique<CoreLines[]>(cores)), on_bad_write_(std::move(on_bad_write)) {}

void Intc::raise(unsigned core, unsigned vector) {
  if (core >= cores_ || vector >= 256) return;
  lines_[core].pending[vector / 64].fetch_or(1ull << (vector % 64), std::memory_order_acq_rel);
  poke(core);
}

void Intc::clear(unsigned core, unsigned vector) {
  if (core >= cores_ || vector >= 256) return;
  lines_[core].pending[vector / 64].fetch_and(~(1ull << (vector % 64)), std::memory_order_acq_rel);
}

bool Intc::pending(unsigned core, unsigned vector) const {
  if (core >= cores_ || vector >= 256) return false;
  return lines_[core].pending[vector / 64].load(std::memory_order_acquire) >> (vector % 64) & 1;
}

void Intc::poke_all() {
  for (unsigned c = 0; c < cores_; ++c) poke(c);
}

int Intc::select(unsigned core) const {
  const CoreLines& lines = lines_[core];
  int best = -1;
  int best_priority = -1;
  for (unsigned w = 0; w < 4; ++w) {
    const uint64_t enabled = lines.enable[2 * w].load(std::memory_order_relaxed) |
                             uint64_t{lines.enable[2 * w + 1].load(std::memory_order_relaxed)} << 32;
    uint64_t bits = lines.pending[w].load(std::memory_order_acquire) & enabled;
    while (bits) {
      const unsigned v = w * 64 + static_cast<unsigned>(__builtin_ctzll(bits));
      bits &= bits - 1;
      const int p = priority_[v].load(std::memory_order_relaxed);
      if (p > best_priority) {  // strictly greater: ties keep the lower vector
        best_priority = p;
        best = static_cast<int>(v);
      }
    }
  }
  return best;
}

uint32_t Intc::read32(unsigned core, uint32_t offset) {
  const CoreLines& lines = lines_[core];
  if (offset % 4 == 0) {
    if (offset < kPendingEnd) {
      const unsigned word = offset / 4;
      return static_cast<uint32_t>(lines.pending[word / 2].load(std::memory_order_acquire) >>
                                   (32 * (word % 2)));
    }
    if (offset >= kEnableBase && offset < kEnableEnd) {
      return lines.enable[(offset - kEnableBase) / 4].load(std::memory_order_relaxed);
    }
    if (offset >= kPriorityBase && offset < kPriorityEnd) {
      return priority_[(offset - kPriorityBase) / 4].load(std::memory_order_relaxed);
    }
    if (offset == kEoi) return 0;
  }
  std::fprintf(stderr, "INTC: unknown read at offset 0x%03x\n", offset);
  return 0;
}

void Intc::write32(unsigned core, uint32_t offset, uint32_t value) {
  CoreLines& lines = lines_[core];
  if (offset % 4 == 0) {
    if (offset < kPendingEnd) {
      const unsigned word = offset / 4;
      lines.pending[word / 2].fetch_or(uint64_t{value} << (32 * (word % 2)), std::memory_order_acq_rel);
      poke(core);
      return;
    }
    if (offset >= kEnableBase && offset < kEnableEnd) {
      lines.enable[(offset - kEnableBase) / 4].store(value, std::memory_order_relaxed);
      poke(core);
      return;
    }
    if (offset >= kPriorityBase && offset < kPriorityEnd) {
      priority_[(offset - kPriorityBase) / 4].store(static_cast<uint8_t>(value), std::memory_order_relaxed);
      poke_all();
      return;
    }
    if (offset == kEoi) {
      clear(core, value);
      return;
    }
  }
  on_bad_write_(fmt::format("INTC: unknown write at offset 0x{:03x} (value 0x{:08x})", offset, value));
}

}  // namespace microvm::lamp
