// Reverse execution for the GDB stub on a deterministic machine: checkpoints (in-memory
// snapshots) every N instructions, and going back means restoring the last checkpoint before
// the target and running forward again to it.
//
// A point in the past is a hart and its count of retired instructions: the first time that hart's
// run loop looks at the count is one exact state of the whole machine, since one thread runs the
// harts in fixed turns. A hart that waits (WFI) keeps its count for many turns; the machine's
// total count (every hart's, which only grows) tells those turns apart.
//
// Outside input is recorded as it enters (an InputLog), so the run forward sees it at the same
// points; the console output already printed is not printed twice.
//
// The board thread takes and restores checkpoints at the top of a round (round_top). The GDB
// thread asks for a trip with the machine stopped (reverse_step, reverse_continue), resumes the
// harts, which leave their turns, and waits for the stop at the target.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/debug_control.h"
#include "core/input_log.h"
#include "core/ram_history.h"
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
  // A step goes back one instruction of `hart`; a continue goes back from where the machine is.
  gdb::StopEvent reverse_step(unsigned hart);
  gdb::StopEvent reverse_continue();
  // The monitor's goto and rewind (machine stopped): to the moment `hart` had first retired
  // `insns` instructions, back or forward (forward runs on to it, without stopping at
  // breakpoints).
  gdb::StopEvent go_to(unsigned hart, uint64_t insns);
  // To the first checkpoint (kHistoryStart).
  gdb::StopEvent go_to_start();

  size_t checkpoints() const;
  size_t bytes() const;
  // Where the history starts: `hart`'s count at the first checkpoint.
  uint64_t first_insns(unsigned hart) const;

 private:
  struct Point {
    unsigned hart;
    uint64_t insns;  // the hart's retired instructions
    uint64_t total;  // the machine's at least (0: the first time the hart has `insns`)
  };
  struct Checkpoint {
    std::vector<uint64_t> insns;  // each hart's
    uint64_t total;
    uint64_t output;  // the guest's console bytes before it
    Snapshot state;   // all but the RAM, which ram_ keeps (the same index)
    size_t bytes;     // of `state`
  };
  struct Hit {
    Point point;
    uint64_t pc;
    gdb::StopEvent event;
  };
  // Restores checkpoint `from` and runs to `to`, with the breakpoints and watchpoints or
  // without; with `hits`, notes each one met on the way and runs on, until `to` or a hit at a
  // total of `hits_until` or more.
  gdb::StopEvent travel(size_t from, Point to, bool with_breakpoints, std::vector<Hit>* hits = nullptr,
                        uint64_t hits_until = ~0ull);
  gdb::StopEvent travel(Point to) { return travel(checkpoint_before(to), to, false); }
  gdb::StopEvent history_start();
  gdb::StopEvent wait();
  void resume_all();
  void take_checkpoint();
  size_t checkpoint_before(Point point) const;
  uint64_t total_insns() const;
  Point here(unsigned hart) const { return {hart, hart_insns(hart), total_insns()}; }
  uint64_t hart_insns(unsigned hart) const;
  uint64_t output_position() const;

  VirtBoard& board_;
  DebugControl& debug_;
  TimeTravelOptions options_;
  InputLog log_;
  std::mutex trip_;           // one trip at a time (GDB and the monitor may both ask)
  mutable std::mutex mutex_;  // the checkpoints and the request
  std::vector<Checkpoint> checkpoints_;
  RamHistory ram_;
  size_t bytes_ = 0;               // of the checkpoints and ram_
  std::optional<size_t> restore_;  // the board thread restores this checkpoint at the next round top
  Point target_{0, ~0ull, 0};
  uint64_t present_output_ = 0;  // the furthest the guest's console output has got
  uint64_t output_offset_ = 0;   // console bytes written that a restore took back
};

}  // namespace microvm::riscv
