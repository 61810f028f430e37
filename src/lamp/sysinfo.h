// SYSINFO v2 (spec §2.4): read-only firmware-style VM metadata at 0x0074C000.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include "lamp/layout.h"
#include "lamp/mmio.h"

namespace microvm::lamp {

namespace sysinfo {
constexpr uint32_t kMagic = 0x31494D56;  // "VMI1"
constexpr uint32_t kFeatTime = 0x01, kFeatFb = 0x02, kFeatDisk = 0x04, kFeatSmp = 0x08, kFeatTimerIrq = 0x10,
                   kFeatIntc = 0x20, kFeatIommu = 0x40, kFeatMmu = 0x80;
}  // namespace sysinfo

class Sysinfo : public MmioDevice {
 public:
  Sysinfo(unsigned cores, uint64_t disk_bytes, uint64_t boot_realtime_ns, std::function<void()> halt);

  uint32_t read32(unsigned core, uint32_t offset) override;
  void write32(unsigned core, uint32_t offset, uint32_t value) override;

 private:
  std::array<uint32_t, kSysinfoSize / 4> words_{};
  std::function<void()> halt_;
};

}  // namespace microvm::lamp
