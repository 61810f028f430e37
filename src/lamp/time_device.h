// TIME MMIO at 0x2000 (spec §2.3) and the timer thread that raises vector 4 on core 0.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "lamp/mmio.h"

namespace microvm::lamp {

class TimeDevice : public MmioDevice {
 public:
  // tick: raise the timer vector; halt: a write to a read-only register stops the VM.
  TimeDevice(std::function<void()> tick, std::function<void()> halt);
  ~TimeDevice() override;

  void start();  // starts the timer thread (idle until the guest sets a period)
  void stop();

  // The device's state in a snapshot (lamp/snapshot.cpp); load() throws a UserError on bad values.
  void save(SnapshotWriter& out) const;
  void load(SnapshotReader& in);

  uint32_t read32(unsigned core, uint32_t offset) override;
  void write32(unsigned core, uint32_t offset, uint32_t value) override;

  uint32_t period_us() const;
  static constexpr uint32_t kMinPeriodUs = 1000;  // shorter periods are raised to this

 private:
  void timer_loop();

  std::function<void()> tick_;
  std::function<void()> halt_;
  uint64_t start_mono_ns_;  // boot time; a restore moves it so that boot ns go on
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  uint32_t period_us_ = 0;
  uint64_t generation_ = 0;  // bumped on every period write, so the thread re-arms
  bool stopping_ = false;
  uint64_t latched_realtime_ = 0, latched_mono_ = 0, latched_boot_ = 0;
  std::thread thread_;
};

uint64_t realtime_ns();
uint64_t monotonic_ns();

}  // namespace microvm::lamp
