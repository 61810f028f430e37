// How a hart's thread waits (in WFI, halted, or parked by the firmware) and how other threads
// wake it. One lock guards the wait; `woken` makes a wake-up stick until the sleeper has looked,
// so one that comes between its last look and its wait is not lost. An SBI HSM start request is
// handed over under the same lock. Before it blocks, a hart in WFI may first spin a while (see
// HaltPoll).
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

#include "riscv/isa.h"

namespace microvm::riscv {

class Hart;

// How long a hart in WFI spins, looking for its wake-up, before it blocks on the condition
// variable: waking a blocked thread costs the waker a futex system call and the host an IPI to an
// idle core (6-7 us of the sending hart's time on this project's VM), and the sleeper as much
// again to resume. A guest that wakes a hart every few tens of microseconds (a pipe between
// processes on two harts wakes its writer for every page read) pays that each time.
// As KVM's halt polling: the window starts at zero, grows (10 us, then doubling, up to kMaxNs)
// after each sleep that a longer window would have caught, and drops to zero after a sleep longer
// than kMaxNs, so a hart idling between timer ticks (4 ms for Linux at HZ=250) does not spin.
class HaltPoll {
 public:
  static constexpr uint64_t kStartNs = 10'000;
  static constexpr uint64_t kMaxNs = 200'000;

  uint64_t window_ns() const { return window_ns_; }
  // After a sleep: whether the wake-up came while spinning, and how long the hart was idle in all.
  void after_sleep(bool caught, uint64_t idle_ns) {
    if (caught) return;
    window_ns_ = idle_ns > kMaxNs ? 0 : std::min(kMaxNs, std::max(kStartNs, 2 * window_ns_));
  }

 private:
  uint64_t window_ns_ = 0;
};

struct HartSleep {
  std::mutex mutex;
  std::condition_variable cv;
  std::atomic<bool> woken{false};
  struct StartRequest {
    uint64_t pc = 0;
    Priv mode = Priv::S;
    uint64_t a0 = 0, a1 = 0;
  } start_request;                     // guarded by `mutex`
  std::function<void(Hart&)> on_wake;  // SBI HSM suspend: run on the hart's thread once it wakes
  HaltPoll poll;                       // the hart's own thread only
  // Off when the machine has more harts than the host has cores: a spinning hart would take a
  // core from one with work.
  bool may_poll = false;
};

}  // namespace microvm::riscv
