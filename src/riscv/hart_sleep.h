// How a hart's thread waits (in WFI, halted, or parked by the firmware) and how other threads
// wake it. One lock guards the wait; `woken` makes a wake-up stick until the sleeper has looked,
// so one that comes between its last look and its wait is not lost. An SBI HSM start request is
// handed over under the same lock.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

#include "riscv/isa.h"

namespace microvm::riscv {

class Hart;

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
};

}  // namespace microvm::riscv
