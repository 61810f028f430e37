// Read-only memory (QEMU virt's boot ROM at 0x1000 holds the reset vector and OpenSBI's
// fw_dynamic information). Writes are ignored, as on QEMU.
#pragma once

#include <cstring>
#include <vector>

#include "core/device.h"

namespace microvm::devices {

class Rom : public Device {
 public:
  explicit Rom(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}

  std::string_view name() const override { return "rom"; }
  bool read(uint64_t offset, unsigned size, uint64_t& value) override {
    value = 0;
    if (offset < bytes_.size())
      std::memcpy(&value, bytes_.data() + offset, std::min<uint64_t>(size, bytes_.size() - offset));
    return true;
  }
  bool write(uint64_t, unsigned, uint64_t) override { return true; }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace microvm::devices
