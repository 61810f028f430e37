// Google's goldfish RTC (as on QEMU virt at 0x101000, PLIC source 11): nanoseconds since the
// Unix epoch, settable, with one alarm that raises the interrupt line. Reading TIME_LOW latches
// TIME_HIGH, so a 32-bit reader sees one consistent value.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "core/device.h"
#include "core/irq.h"
#include "core/snapshot.h"

namespace microvm::devices {

class GoldfishRtc : public Device {
 public:
  static constexpr uint64_t kSize = 0x1000;

  // `epoch_ns` is the wall time at guest time 0 of `clock`.
  GoldfishRtc(const Clock& clock, uint64_t epoch_ns, IrqLine irq);
  ~GoldfishRtc() override;

  std::string_view name() const override { return "goldfish-rtc"; }
  bool read(uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;
  DeviceNode device_node() const override;

 private:
  enum : uint64_t {
    kTimeLow = 0x00,
    kTimeHigh = 0x04,
    kAlarmLow = 0x08,
    kAlarmHigh = 0x0C,
    kIrqEnabled = 0x10,
    kClearAlarm = 0x14,
    kAlarmStatus = 0x18,
    kClearInterrupt = 0x1C,
  };

  uint64_t now_ns() const;  // caller holds mutex_
  void update_irq();        // caller holds mutex_
  void alarm_loop();

  const Clock& clock_;
  IrqLine irq_;
  std::mutex mutex_;
  std::condition_variable alarm_changed_;
  int64_t offset_ns_;  // wall time = guest clock in ns + offset
  uint32_t latched_high_ = 0, alarm_high_ = 0;
  uint64_t alarm_ns_ = 0;
  bool alarm_armed_ = false, irq_enabled_ = false, irq_pending_ = false, stopping_ = false;
  std::thread alarm_thread_;

 public:
  // Snapshots (see core/device.h).
  void save(SnapshotWriter& out) override;
  void load(SnapshotReader& in) override;
};

}  // namespace microvm::devices
