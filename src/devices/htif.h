// HTIF, the host interface of Spike and the RISC-V ISA tests: a 64-bit store to the ELF's
// `tohost` symbol. Device 0 command 0 with bit 0 set ends the run (value 1 passes; (n<<1)|1
// fails with n); with bit 0 clear it points at a syscall block (write and exit are served).
// Device 1 command 1 prints a character.
#pragma once

#include <mutex>

#include "core/bus.h"
#include "core/console.h"
#include "core/device.h"
#include "core/run_control.h"
#include "core/snapshot.h"

namespace microvm::devices {

class Htif : public Device {
 public:
  static constexpr uint64_t kSize = 8;

  Htif(Bus& bus, Console& console, RunControl& run_control, uint64_t fromhost)
      : bus_(bus), console_(console), run_control_(run_control), fromhost_(fromhost) {}

  std::string_view name() const override { return "htif"; }
  bool read(uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;

 private:
  void command(uint64_t value);
  void syscall(uint64_t block);
  void reply(uint64_t value);

  Bus& bus_;
  Console& console_;
  RunControl& run_control_;
  uint64_t fromhost_;  // 0 when the ELF has no fromhost symbol
  std::mutex mutex_;
  uint64_t tohost_ = 0;

 public:
  // Snapshots (see core/device.h).
  void save(SnapshotWriter& out) override;
  void load(SnapshotReader& in) override;
};

}  // namespace microvm::devices
