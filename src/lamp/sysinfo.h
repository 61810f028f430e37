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

  uint64_t boot_realtime_ns() const { return words_[0x54 / 4] | uint64_t{words_[0x58 / 4]} << 32; }
  // A restored machine reports the boot time of the machine it continues.
  void set_boot_realtime_ns(uint64_t ns) {
    words_[0x54 / 4] = static_cast<uint32_t>(ns);
    words_[0x58 / 4] = static_cast<uint32_t>(ns >> 32);
  }

  uint32_t read32(unsigned core, uint32_t offset) override;
  void write32(unsigned core, uint32_t offset, uint32_t value) override;

 private:
  std::array<uint32_t, kSysinfoSize / 4> words_{};
  std::function<void()> halt_;
};

}  // namespace microvm::lamp
