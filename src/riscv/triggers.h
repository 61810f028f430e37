// Sdtrig hardware triggers (RISC-V debug specification 1.0, chapter 5): the registers a guest
// programs through tselect, tdata1-3, tinfo and tcontrol, and the matching. Two trigger types:
// mcontrol (type 2, the legacy layout QEMU 7.2 implements) and mcontrol6 (type 6), each matching
// execute, load and store addresses in the modes it names, with action 0: a breakpoint exception.
// There is no debug mode, so dmode is 0 and action 1 is not offered; no chaining, no icount.
//
// The hart asks match() only while armed() (an instruction at a time, and data accesses kept out
// of the TLBs), so triggers cost nothing while no guest uses them.
#pragma once

#include <array>
#include <cstdint>

#include "riscv/isa.h"

namespace microvm {
class SnapshotReader;
class SnapshotWriter;
}  // namespace microvm

namespace microvm::riscv {

namespace csr {
constexpr uint16_t kTselect = 0x7A0, kTdata1 = 0x7A1, kTdata2 = 0x7A2, kTdata3 = 0x7A3, kTinfo = 0x7A4,
                   kTcontrol = 0x7A5;
}  // namespace csr

class Triggers {
 public:
  static constexpr unsigned kCount = 4;
  enum class Kind { kExecute, kLoad, kStore };

  Triggers() { reset(); }
  void reset();

  static bool is_trigger_csr(uint16_t number) { return number >= csr::kTselect && number <= csr::kTcontrol; }
  uint64_t read(uint16_t number) const;
  void write(uint16_t number, uint64_t value);

  bool armed() const { return execute_armed_ || data_armed_; }
  bool execute_armed() const { return execute_armed_; }
  bool data_armed() const { return data_armed_; }
  // Whether a trigger fires for an access of `kind`, `size` bytes at `address`, in `priv`.
  bool match(Kind kind, uint64_t address, unsigned size, Priv priv) const;

  // tcontrol.mte/mpte: a trap into M-mode saves mte and clears it (so a handler does not trigger
  // again on itself); mret restores it.
  void on_trap_to_m() { tcontrol_ = (tcontrol_ & kMte) ? kMpte : 0; }
  void on_mret() { tcontrol_ = (tcontrol_ & kMpte) ? (kMte | kMpte) : 0; }

  // For snapshots: the raw registers.
  struct Trigger {
    uint64_t tdata1 = 0, tdata2 = 0, tdata3 = 0;
  };
  const std::array<Trigger, kCount>& all() const { return triggers_; }

  // Whether anything differs from reset (a snapshot leaves out triggers nobody programmed).
  bool programmed() const;
  void save(SnapshotWriter& out) const;
  // Through the registers' own write rules: a value this hart would not hold is refused.
  void load(SnapshotReader& in);

 private:
  static constexpr uint64_t kMte = 1 << 3, kMpte = 1 << 7;
  uint64_t legal_tdata1(uint64_t value) const;
  void update_armed();

  std::array<Trigger, kCount> triggers_;
  unsigned select_ = 0;
  uint64_t tcontrol_ = kMte | kMpte;
  bool execute_armed_ = false;
  bool data_armed_ = false;
};

}  // namespace microvm::riscv
