#include "riscv/reservations.h"

namespace microvm::riscv {

Reservations::Reservations(Ram& ram, unsigned harts)
    : ram_(ram), harts_(harts), reserved_(std::make_unique<Slot[]>(harts)) {
  for (unsigned i = 0; i < harts; ++i) reserved_[i].line.store(kNone, std::memory_order_relaxed);
}

void Reservations::reserve(unsigned hart, uint64_t pa) {
  clear(hart);
  const uint64_t line = pa & ~7ull;
  // Count first, then publish: a store that sees the reservation must also take the slow path.
  ram_.page_flags(line).fetch_add(Ram::kReservationUnit, std::memory_order_seq_cst);
  reserved_[hart].line.store(line, std::memory_order_seq_cst);
}

bool Reservations::drop(unsigned hart, uint64_t expected) {
  if (expected == kNone) return false;
  if (!reserved_[hart].line.compare_exchange_strong(expected, kNone, std::memory_order_acq_rel)) return false;
  ram_.page_flags(expected).fetch_sub(Ram::kReservationUnit, std::memory_order_acq_rel);
  return true;
}

bool Reservations::take(unsigned hart, uint64_t pa) {
  const uint64_t line = reserved_[hart].line.load(std::memory_order_acquire);
  const bool valid = line == (pa & ~7ull);
  drop(hart, line);
  return valid;
}

void Reservations::clear(unsigned hart) { drop(hart, reserved_[hart].line.load(std::memory_order_acquire)); }

void Reservations::break_others(unsigned hart, uint64_t pa, uint64_t len) {
  for (unsigned other = 0; other < harts_; ++other) {
    if (other == hart) continue;
    const uint64_t line = reserved_[other].line.load(std::memory_order_acquire);
    if (line != kNone && line < pa + len && pa < line + 8) drop(other, line);
  }
}

}  // namespace microvm::riscv
