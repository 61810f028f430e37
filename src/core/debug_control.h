// All-stop run control for debuggers (the GDB stub, the monitor): every hart looks at
// attention() between blocks and, when it is set, parks here until a debugger resumes it.
// Breakpoints and watchpoints live here too; they change only while every hart is parked, so
// harts read them without a lock (parking and resuming order the accesses).
//
// A machine without a debugger has no DebugControl at all, and its harts pay one null test per
// block.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "core/gdb/target.h"
#include "core/run_control.h"

namespace microvm {

class DebugControl {
 public:
  struct Breakpoint {
    gdb::BreakKind kind;
    uint64_t address;
    uint64_t length;
  };

  // `start_stopped`: the harts park before their first instruction (--gdb-wait).
  DebugControl(unsigned harts, RunControl& run_control, bool start_stopped);

  // --- Harts ---
  bool attention() const { return attention_.load(std::memory_order_acquire); }
  // Parks hart `hart` until a debugger gives it something to do (or the run ends: kContinue).
  // `serve` runs every few milliseconds meanwhile: work other harts ask of this one (a remote
  // fence another hart waits for inside the firmware) must not wait for the debugger.
  gdb::ResumeAction park(unsigned hart, const std::function<void()>& serve);
  // A hart hit a breakpoint or watchpoint or finished a step: everyone stops, and `event` is
  // what the debugger hears (unless another came first).
  void report(const gdb::StopEvent& event);
  // Whether harts must run checked: an instruction at a time, looking at breakpoints, watchpoints
  // and the trace.
  bool checks_active() const { return !breakpoints_.empty() || !watchpoints_.empty() || trace_; }
  // A code breakpoint at `pc`, or nullptr.
  const Breakpoint* breakpoint_at(uint64_t pc) const;
  // Whether any code breakpoint lies on the virtual page `vpn` (an address >> 12).
  bool breakpoint_on_page(uint64_t vpn) const;
  // The watchpoint an access of `size` bytes at `va` hits, or nullptr.
  const Breakpoint* watchpoint_hit(uint64_t va, unsigned size, bool write) const;
  bool page_watched(uint64_t va) const;
  bool tracing() const { return trace_; }

  // Deterministic runs, where one thread runs every hart in turns: the thread parks inside the
  // turn of the hart that saw attention(), and stands for every hart while it waits, since none
  // runs. A step counts against the turn, so a debugged run takes the same turns as any other.
  // What each hart was told when the debugger resumed holds for its turns until the next stop:
  // kStay sits them out (GDB's scheduler locking), kStep runs one instruction and reports.
  void set_in_turn(bool on);
  bool in_turn() const { return in_turn_; }
  // The hart in whose turn the thread is parked.
  unsigned turn_hart() const { return turn_hart_; }
  // The action for `hart`'s turn; a step is handed out once.
  gdb::ResumeAction take_turn_action(unsigned hart);
  // Time travel: hart `hart` stops once it has retired `insns` instructions (~0: never); with
  // `next_turn`, not before its next turn (it waits with that count, and is there now).
  void set_stop_at(unsigned hart, uint64_t insns, bool next_turn = false);
  void clear_stop_at() { set_stop_at(0, ~0ull); }
  bool stopping_at() const { return stop_at_.load(std::memory_order_acquire) != ~0ull; }
  uint64_t stop_at(unsigned hart) const {
    return stop_hart_.load(std::memory_order_acquire) == hart &&
                   !stop_next_turn_.load(std::memory_order_acquire)
               ? stop_at_.load(std::memory_order_acquire)
               : ~0ull;
  }
  void turn_began(unsigned hart) {
    if (stop_hart_.load(std::memory_order_acquire) == hart)
      stop_next_turn_.store(false, std::memory_order_release);
  }
  // Time travel: a resumed hart ends its turn at once (its state is about to be replaced).
  void set_abandon(bool on) { abandon_.store(on, std::memory_order_release); }
  bool abandon() const { return abandon_.load(std::memory_order_acquire); }

  // --- Debuggers ---
  // Wakes a sleeping hart so that it sees attention() (set by the board).
  void set_waker(std::function<void(unsigned)> wake) { waker_ = std::move(wake); }
  // A break-in: stop everyone; the debugger hears `event` unless a hart reported first.
  void request_stop(const gdb::StopEvent& event);
  // The stop event once every hart has parked, or nothing after `timeout`.
  std::optional<gdb::StopEvent> wait_stopped(std::chrono::milliseconds timeout);
  bool stopped() const;
  void resume(const std::vector<gdb::ResumeAction>& actions);
  // Runs `fn` with every hart parked. A running machine runs on afterwards and nobody hears of
  // the pause (the monitor looks at a running machine this way).
  void with_stopped(const std::function<void()>& fn);

  // Breakpoints and watchpoints (call with the machine stopped; with_stopped does it).
  bool add(const Breakpoint& b);
  bool remove(const Breakpoint& b);
  void clear();
  const std::vector<Breakpoint>& breakpoints() const { return breakpoints_; }
  const std::vector<Breakpoint>& watchpoints() const { return watchpoints_; }
  void set_trace(bool on) { trace_ = on; }

 private:
  bool all_parked() const { return parked_ == harts_; }
  gdb::ResumeAction park_in_turn(unsigned hart, const std::function<void()>& serve);
  void wake_all();

  const unsigned harts_;
  RunControl& run_control_;
  std::function<void(unsigned)> waker_;
  mutable std::mutex mutex_;
  std::condition_variable harts_cv_;
  std::condition_variable debugger_cv_;
  std::atomic<bool> attention_{false};
  unsigned parked_ = 0;
  std::vector<gdb::ResumeAction> actions_;
  std::vector<bool> running_;
  std::optional<gdb::StopEvent> event_;

  std::vector<Breakpoint> breakpoints_;  // kSoftware, kHardware
  std::vector<Breakpoint> watchpoints_;  // kWrite, kRead, kAccess
  bool trace_ = false;
  bool in_turn_ = false;
  unsigned turn_hart_ = 0;
  std::atomic<unsigned> stop_hart_{0};
  std::atomic<uint64_t> stop_at_{~0ull};
  std::atomic<bool> stop_next_turn_{false};
  std::atomic<bool> abandon_{false};
};

}  // namespace microvm
