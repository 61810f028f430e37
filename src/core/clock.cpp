#include "core/clock.h"

#include <time.h>

namespace microvm {

Clock::Clock(uint64_t hz) : hz_(hz), start_ns_(host_ns()) {}

uint64_t Clock::host_ns() const {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

uint64_t Clock::now() const {
  if (deterministic_) return virtual_now_.load(std::memory_order_acquire);
  const unsigned __int128 elapsed = host_ns() - start_ns_;
  return static_cast<uint64_t>(elapsed * hz_ / 1'000'000'000u) + offset_.load(std::memory_order_relaxed);
}

void Clock::set(uint64_t ticks) {
  if (deterministic_) {
    virtual_now_.store(ticks, std::memory_order_release);
    return;
  }
  const unsigned __int128 elapsed = host_ns() - start_ns_;
  offset_.store(static_cast<int64_t>(ticks - static_cast<uint64_t>(elapsed * hz_ / 1'000'000'000u)),
                std::memory_order_relaxed);
}

std::chrono::nanoseconds Clock::host_time_until(uint64_t ticks) const {
  const uint64_t current = now();
  if (ticks <= current) return std::chrono::nanoseconds(0);
  const unsigned __int128 ns = static_cast<unsigned __int128>(ticks - current) * 1'000'000'000u / hz_;
  constexpr uint64_t kMax = 3600ull * 1'000'000'000ull;  // far deadlines: wake hourly and look again
  return std::chrono::nanoseconds(ns > kMax ? kMax : static_cast<uint64_t>(ns) + 1);
}

void Clock::make_deterministic() {
  virtual_now_.store(0, std::memory_order_release);  // not "now": that would depend on the host
  deterministic_ = true;
}

void Clock::advance_to(uint64_t ticks) {
  uint64_t current = virtual_now_.load(std::memory_order_acquire);
  while (ticks > current && !virtual_now_.compare_exchange_weak(current, ticks, std::memory_order_acq_rel)) {
  }
}

}  // namespace microvm
