// LR/SC reservations of every hart of a machine. A reservation covers the naturally aligned
// doubleword of the LR. Stores from other harts to it break it: RAM pages with a reservation
// carry a count in Ram's page flags, so fast-path stores to them come here (see Hart::store).
//
// What this does not see: a store another hart makes at the very moment of the LR, which reads
// the page's flags before the LR's count is visible to it (a window of the host's store buffer,
// nanoseconds). Closing it would cost a full fence on every store; any store ordered after the LR
// by anything the guest can observe (a flag, a lock, an IPI) is seen, which is what makes an SC
// after a foreign store of the same value fail (guests/smp/smp_test.c checks it).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "core/ram.h"

namespace microvm::riscv {

class Reservations {
 public:
  Reservations(Ram& ram, unsigned harts);

  void reserve(unsigned hart, uint64_t pa);
  // Ends the reservation of `hart`; true when it was still valid for `pa`.
  bool take(unsigned hart, uint64_t pa);
  void clear(unsigned hart);
  // A store by `hart` to [pa, pa+len) breaks every other hart's reservation there.
  void break_others(unsigned hart, uint64_t pa, uint64_t len);

  // The doubleword `hart` holds a reservation on, or ~0 (for snapshots).
  uint64_t reserved(unsigned hart) const { return reserved_[hart].line.load(std::memory_order_acquire); }

 private:
  static constexpr uint64_t kNone = ~0ull;
  bool drop(unsigned hart, uint64_t expected);

  Ram& ram_;
  unsigned harts_;
  // Per hart: the doubleword address, or kNone. A cache line each: every LR and SC writes its
  // hart's slot, and harts taking unrelated locks would otherwise pull one line back and forth.
  struct alignas(64) Slot {
    std::atomic<uint64_t> line;
  };
  std::unique_ptr<Slot[]> reserved_;
};

}  // namespace microvm::riscv
