#include "lamp/sysinfo.h"

#include <cstdio>

namespace microvm::lamp {

Sysinfo::Sysinfo(unsigned cores, uint64_t disk_bytes, uint64_t boot_realtime_ns, std::function<void()> halt)
    : halt_(std::move(halt)) {
  using namespace sysinfo;
  auto set = [this](uint32_t offset, uint32_t value) { words_[offset / 4] = value; };
  set(0x00, kMagic);
  set(0x04, 0x706D614C);  // "LampVM" packed little-endian
  set(0x08, 0x00004D56);
  set(0x14, kRamSize);
  set(0x18, 0);
  set(0x1C, static_cast<uint32_t>(disk_bytes));
  set(0x20, static_cast<uint32_t>(disk_bytes >> 32));
  set(0x24, cores);
  set(0x28, 2);  // layout version
  set(0x2C, 1);  // arch LAMP32
  set(0x30, 1);  // little endian
  set(0x34, 32);
  set(0x38, kPageSize);
  set(0x3C, 1000000000);
  set(0x40, kFeatTime | kFeatFb | kFeatDisk | (cores > 1 ? kFeatSmp : 0) | kFeatTimerIrq | kFeatIntc |
                kFeatIommu | kFeatMmu);
  set(0x44, kFbWidth);
  set(0x48, kFbHeight);
  set(0x4C, 4);
  set(0x50, kFbStride);
  set(0x54, static_cast<uint32_t>(boot_realtime_ns));
  set(0x58, static_cast<uint32_t>(boot_realtime_ns >> 32));
}

uint32_t Sysinfo::read32(unsigned, uint32_t offset) {
  if (offset % 4 == 0 && offset < kSysinfoSize) return words_[offset / 4];
  std::fprintf(stderr, "Unknown SYSINFO MMIO read at offset 0x%x\n", offset);
  return 0;
}

void Sysinfo::write32(unsigned, uint32_t, uint32_t) {
  std::fprintf(stderr, "Attempted write to read-only SYSINFO MMIO\n");
  halt_();
}

}  // namespace microvm::lamp
