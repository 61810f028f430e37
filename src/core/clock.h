// Guest time at a fixed frequency. By default it follows the host's monotonic clock; in
// deterministic mode it moves only when the run loop advances it (from retired instructions), so
// two runs of the same guest see the same times.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace microvm {

class Clock {
 public:
  explicit Clock(uint64_t hz);

  uint64_t hz() const { return hz_; }
  uint64_t now() const;
  // A guest write to the time register (CLINT mtime): later reads continue from `ticks`.
  void set(uint64_t ticks);

  // How long the host should wait until the clock shows `ticks` (zero when already there).
  std::chrono::nanoseconds host_time_until(uint64_t ticks) const;

  void make_deterministic();
  bool deterministic() const { return deterministic_; }
  // Deterministic mode only: time never goes backwards.
  void advance_to(uint64_t ticks);

 private:
  uint64_t host_ns() const;

  uint64_t hz_;
  uint64_t start_ns_;
  std::atomic<int64_t> offset_{0};  // ticks added to the host-derived value
  bool deterministic_ = false;
  std::atomic<uint64_t> virtual_now_{0};
};

}  // namespace microvm
