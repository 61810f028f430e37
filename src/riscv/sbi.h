// The built-in SBI: microvm itself plays the M-mode firmware for S-mode kernels (SBI v2.0:
// BASE, TIME, IPI, RFENCE, HSM, SRST, PMU (sbi_pmu.cpp), DBCN and the legacy calls). The kernel starts in
// S-mode at its entry with a0 = hartid and a1 = the device tree, as OpenSBI would start it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/bus.h"
#include "core/console.h"
#include "core/run_control.h"
#include "core/snapshot.h"
#include "riscv/hart.h"

namespace microvm::riscv {

class Sbi : public Firmware {
 public:
  // SBI hart states (HSM extension, SBI spec chapter 9).
  enum HartState : int { kStarted = 0, kStopped = 1, kStartPending = 2, kStopPending = 3, kSuspended = 4 };

  Sbi(std::vector<Hart*> harts, Bus& bus, Console& console, RunControl& run_control);

  // Gives every hart the M-mode setup a firmware would (delegation, counters, PMP, Sstc),
  // starts `boot_hart` in S-mode at `entry` and parks the others until HSM starts them.
  void boot(uint64_t entry, uint64_t device_tree, unsigned boot_hart);

  // With every hart on one host thread (deterministic mode), a remote fence cannot wait for its
  // targets: they act on it before their next instruction, which is as good.
  void set_single_threaded(bool single) { single_threaded_ = single; }

  bool handle_ecall(Hart& hart) override;
  void machine_trap(Hart& hart, uint64_t mcause, uint64_t mtval) override;

  HartState state(unsigned hart) const { return static_cast<HartState>(states_[hart].load()); }

  // Whether the SBI console reads the keyboard (it shares the serial line with the UART, as
  // OpenSBI does on QEMU); off when stdin feeds the virtio-console instead.
  void set_console_input(bool reads) { console_input_ = reads; }

 private:
  struct Result {
    int64_t error;
    uint64_t value;
  };

  Result base(Hart& hart, uint64_t fid, uint64_t a0);
  Result ipi(Hart& hart, uint64_t mask, uint64_t mask_base);
  Result rfence(Hart& hart, uint64_t fid, uint64_t mask, uint64_t mask_base, uint64_t start, uint64_t size);
  Result hsm(Hart& hart, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2);
  Result reset(uint64_t type, uint64_t reason);
  Result debug_console(Hart& hart, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2);
  Result pmu(Hart& hart, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4);
  bool legacy(Hart& hart, uint64_t eid);

  // The harts named by an SBI hart mask; false when it names one that does not exist.
  bool targets(uint64_t mask, uint64_t mask_base, std::vector<Hart*>& out) const;
  // Runs `request` on each target and waits until they all did it (SBI remote fences are synchronous).
  void remote(Hart& self, const std::vector<Hart*>& targets, uint32_t request);
  bool probe(uint64_t eid) const;

  std::vector<Hart*> harts_;
  Bus& bus_;
  Console& console_;
  RunControl& run_control_;
  std::unique_ptr<std::atomic<int>[]> states_;
  bool single_threaded_ = false;
  bool console_input_ = true;

 public:
  // Snapshots: each hart's HSM state, and what a suspended hart does when it wakes. load()
  // runs after the harts are loaded and makes this the harts' firmware again.
  void save(SnapshotWriter& out) const;
  void load(SnapshotReader& in);

 private:
  struct Suspend {
    bool retentive = true;
    uint64_t resume = 0, opaque = 0;
  };
  std::vector<Suspend> suspends_ = std::vector<Suspend>(harts_.size());
  // Per hart: the PMU counters a counter_config_matching gave out, and those started.
  struct PmuState {
    uint32_t used = 0, started = 0;
  };
  std::vector<PmuState> pmu_ = std::vector<PmuState>(harts_.size());
  void suspend(Hart& hart, const Suspend& how);
};

}  // namespace microvm::riscv
