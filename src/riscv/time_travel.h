// Reverse execution for the GDB stub on a deterministic one-hart machine: checkpoints (in-memory
// snapshots) every N instructions, and going back means restoring the last checkpoint before
// the target and running forward again to it. Outside input is recorded as it enters (an
// InputLog), so the run forward sees it at the same points; the console output already printed
// is not printed twice.
//
// The board thread takes and restores checkpoints at the top of a round (round_top). The GDB
// thread asks for a trip with the machine stopped (reverse_step, reverse_continue), resumes the
// hart, which leaves its turn, and waits for the stop at the target.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/debug_control.h"
#include "core/input_log.h"
#include "core/snapshot.h"

namespace microvm::riscv {

class VirtBoard;

struct TimeTravelOptions {
  uint64_t interval = 20'000'000;   // instructions between checkpoints
  uint64_t memory_cap = 256 << 20;  // bytes of checkpoints kept at most
};

class TimeTravel {
 public:
  // Why this machine cannot be rewound (threaded, several harts, a writable disk), or "".
  static std::string unavailable(const VirtBoard& board);
  TimeTravel(VirtBoard& board, DebugControl& debug, TimeTravelOptions options);
  ~TimeTravel();

  // Board thread, at the top of every round.
  void round_top();

  // GDB thread, machine stopped. The event to report; kHistoryStart when the history ends first.
  gdb::StopEvent reverse_step();
  gdb::StopEvent reverse_continue();

  size_t checkpoints() const;

 private:
  struct Checkpoint {
    uint64_t insns;
    uint64_t output;  // the guest's console bytes before it
    Snapshot state;
    size_t bytes;
  };
  struct Hit {
    uint64_t insns;
    uint64_t pc;
    gdb::StopEvent event;
  };
  // Restores the last checkpoint at or before `insns` and runs to `insns`, with the breakpoints
  // and watchpoints or without; with `hits`, notes each one met on the way and runs on.
  gdb::StopEvent travel(uint64_t insns, bool with_breakpoints, std::vector<Hit>* hits);
  gdb::StopEvent history_start();
  gdb::StopEvent wait();
  void take_checkpoint(uint64_t insns);
  size_t checkpoint_before(uint64_t insns) const;
  uint64_t hart_insns() const;
  uint64_t output_position() const;

  VirtBoard& board_;
  DebugControl& debug_;
  TimeTravelOptions options_;
  InputLog log_;
  mutable std::mutex mutex_;  // the checkpoints and the request
  std::vector<Checkpoint> checkpoints_;
  size_t bytes_ = 0;
  std::optional<size_t> restore_;  // the board thread restores this checkpoint at the next round top
  uint64_t target_ = ~0ull;
  uint64_t present_output_ = 0;  // the furthest the guest's console output has got
  uint64_t output_offset_ = 0;   // console bytes written that a restore took back
};

}  // namespace microvm::riscv
