#include "lamp/time_device.h"

#include <time.h>

#include <chrono>
#include <cstdio>

namespace microvm::lamp {
namespace {
uint64_t clock_ns(clockid_t id) {
  timespec ts;
  clock_gettime(id, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}
}  // namespace

uint64_t realtime_ns() { return clock_ns(CLOCK_REALTIME); }
uint64_t monotonic_ns() { return clock_ns(CLOCK_MONOTONIC); }

TimeDevice::TimeDevice(std::function<void()> tick, std::function<void()> halt)
    : tick_(std::move(tick)), halt_(std::move(halt)), start_mono_ns_(monotonic_ns()) {}

TimeDevice::~TimeDevice() { stop(); }

void TimeDevice::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { timer_loop(); });
}

void TimeDevice::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint32_t TimeDevice::period_us() const {
  std::lock_guard lock(mutex_);
  return period_us_;
}

uint32_t TimeDevice::read32(unsigned, uint32_t offset) {
  std::lock_guard lock(mutex_);
  switch (offset) {
    case 0x00: return 1;
    // Reading a low word latches the 64-bit value; the high word returns the latch (global).
    case 0x04: latched_realtime_ = realtime_ns(); return static_cast<uint32_t>(latched_realtime_);
    case 0x08: return static_cast<uint32_t>(latched_realtime_ >> 32);
    case 0x0C: latched_mono_ = monotonic_ns(); return static_cast<uint32_t>(latched_mono_);
    case 0x10: return static_cast<uint32_t>(latched_mono_ >> 32);
    case 0x14: latched_boot_ = monotonic_ns() - start_mono_ns_; return static_cast<uint32_t>(latched_boot_);
    case 0x18: return static_cast<uint32_t>(latched_boot_ >> 32);
    default: std::fprintf(stderr, "Unknown TIME MMIO read at offset 0x%x\n", offset); return 0;
  }
}

void TimeDevice::write32(unsigned, uint32_t offset, uint32_t value) {
  if (offset != 0) {
    std::fprintf(stderr, "Attempted to write to read-only TIME MMIO at 0x%08x\n", 0x2000 + offset);
    halt_();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    period_us_ = value == 0 ? 0 : (value < kMinPeriodUs ? kMinPeriodUs : value);
    ++generation_;
  }
  changed_.notify_all();
}

void TimeDevice::timer_loop() {
  using Clock = std::chrono::steady_clock;
  std::unique_lock lock(mutex_);
  uint64_t seen = generation_;
  // A restored machine's timer starts with its period already set.
  Clock::time_point next = Clock::now() + std::chrono::microseconds(period_us_);
  for (;;) {
    if (stopping_) return;
    if (period_us_ == 0) {
      changed_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      seen = generation_;
      next = Clock::now() + std::chrono::microseconds(period_us_);
      continue;
    }
    const auto period = std::chrono::microseconds(period_us_);
    if (changed_.wait_until(lock, next, [&] { return stopping_ || generation_ != seen; })) {
      seen = generation_;
      next = Clock::now() + std::chrono::microseconds(period_us_);  // a write re-arms
      continue;
    }
    lock.unlock();
    tick_();
    lock.lock();
    const auto now = Clock::now();
    next += period;
    while (next <= now) next += period;  // fell behind: skip missed ticks, no burst
  }
}

}  // namespace microvm::lamp
