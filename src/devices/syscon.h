// QEMU's "sifive,test" device: a 16- or 32-bit write of 0x5555 powers off with success, 0x3333
// with the failure code in bits 31:16, 0x7777 resets the machine.
#pragma once

#include "core/device.h"
#include "core/run_control.h"

namespace microvm::devices {

class Syscon : public Device {
 public:
  static constexpr uint64_t kSize = 0x1000;

  explicit Syscon(RunControl& run_control) : run_control_(run_control) {}

  std::string_view name() const override { return "sifive-test"; }
  bool read(uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;
  DeviceNode device_node() const override;

 private:
  RunControl& run_control_;
};

}  // namespace microvm::devices
