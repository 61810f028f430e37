// A compare register against a Clock: its line is high while now >= compare (CLINT mtimecmp,
// Sstc stimecmp). Whoever owns the clock's consumer (a hart) polls it and sleeps until the
// earliest deadline; a write updates the line at once so a handler that moves the deadline sees
// its interrupt drop before it returns.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "core/clock.h"
#include "core/irq.h"

namespace microvm {

class TimerCompare {
 public:
  explicit TimerCompare(const Clock& clock, uint64_t reset_value = ~0ull)
      : clock_(clock), compare_(reset_value) {}

  void connect(IrqLine line) { line_ = std::move(line); }
  // Called after every write, so a sleeping consumer can recompute its deadline.
  void on_change(std::function<void()> callback) { changed_ = std::move(callback); }

  uint64_t compare() const { return compare_.load(std::memory_order_acquire); }
  void set_compare(uint64_t value) {
    compare_.store(value, std::memory_order_release);
    line_.set(clock_.now() >= value);
    if (changed_) changed_();
  }
  void poll(uint64_t now) const { line_.set(now >= compare()); }

 private:
  const Clock& clock_;
  std::atomic<uint64_t> compare_;
  IrqLine line_;
  std::function<void()> changed_;
};

}  // namespace microvm
