// Dead-end diagnosis: a guest that stops making progress says why, instead of spinning silently
// until a timeout. Harts recognise the classic dead ends themselves (trap.cpp, execute.cpp):
// - a trap loop: the same exception at the same pc over and over (mtvec/stvec 0, a handler that
//   faults on itself, one that returns to the faulting instruction without fixing anything);
// - a jump to itself with every interrupt that could end it masked.
// Each one is reported once when it starts, as one diagnosis: the cause, the pc with its symbol
// and instruction, tval, the likely reason and the traps that led there. --on-fault chooses
// what happens next.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "core/console.h"
#include "core/run_control.h"
#include "core/symbols.h"

namespace microvm::riscv {

class Hart;

class DeadEnds {
 public:
  enum class Action { kReport, kStop, kIgnore };
  // --on-fault stop|report|ignore; a bad value is a UserError.
  static Action parse_action(const std::string& text);
  static constexpr int kExitStatus = 3;  // --on-fault stop

  // `console`: the guest's output held there goes out before a report.
  DeadEnds(Action action, const Symbols& symbols, RunControl& run_control, Console* console = nullptr)
      : action_(action), symbols_(symbols), run_control_(run_control), console_(console) {}
  Action action() const { return action_; }

  struct Trap {
    uint64_t cause = ~0ull, epc = 0, tval = 0, tvec = 0;
  };
  static constexpr unsigned kHistory = 8;
  // A trap loop on `hart`: `history` holds its last kHistory exceptions, oldest first.
  void trap_loop(Hart& hart, const Trap (&history)[kHistory], uint64_t repeats);
  // `hart` jumps to itself at its pc with no interrupt able to end it.
  void stuck(Hart& hart);
  // The number of reports so far (for tests of the hart alone).
  unsigned reports() const { return reports_; }

 private:
  std::string where(Hart& hart, uint64_t pc) const;
  void emit(const std::string& text);

  Action action_;
  const Symbols& symbols_;
  RunControl& run_control_;
  Console* console_;
  std::mutex mutex_;
  unsigned reports_ = 0;
};

// A hart's record for the diagnosis (trap.cpp): the last distinct exceptions, how often the last
// one came back at once, and where and when the last xRET returned (a trap right there, with
// nothing retired since, made no progress).
struct DeadEndWatch {
  DeadEnds* sink = nullptr;  // nullptr: nobody looks for dead ends
  DeadEnds::Trap history[DeadEnds::kHistory];
  uint64_t repeats = 0;
  uint64_t last_trap_instret = ~0ull;
  uint64_t return_pc = ~0ull, return_instret = ~0ull;
  uint64_t stuck_pc = ~0ull;  // the jump-to-self already reported
};

}  // namespace microvm::riscv
