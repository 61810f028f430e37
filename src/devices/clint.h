// SiFive CLINT (as on QEMU virt): per-hart msip at 0x0, mtimecmp at 0x4000, mtime at 0xBFF8.
// Every register takes accesses of any width; mtime follows the machine's Clock.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "core/clock.h"
#include "core/device.h"
#include "core/irq.h"
#include "core/snapshot.h"
#include "core/timer.h"

namespace microvm::devices {

class Clint : public Device {
 public:
  static constexpr uint64_t kSize = 0x10000;

  Clint(Clock& clock, unsigned harts);

  // MSIP of hart h; MTIP comes from timer(h).
  void connect_msip(unsigned hart, IrqLine line) { msip_lines_.at(hart) = std::move(line); }
  TimerCompare& timer(unsigned hart) { return *timers_.at(hart); }

  std::string_view name() const override { return "clint"; }
  bool read(uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;
  DeviceNode device_node() const override;

 private:
  static constexpr uint64_t kMsip = 0x0, kMtimecmp = 0x4000, kMtime = 0xBFF8;

  Clock& clock_;
  std::mutex mutex_;
  std::vector<uint32_t> msip_;
  std::vector<IrqLine> msip_lines_;
  std::vector<std::unique_ptr<TimerCompare>> timers_;

 public:
  // Snapshots (see core/device.h).
  void save(SnapshotWriter& out) override;
  void load(SnapshotReader& in) override;
};

}  // namespace microvm::devices
