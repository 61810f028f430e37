#include "lamp/memory.h"

#include <cstring>

namespace microvm::lamp {

Memory::Memory(Framebuffer& fb)
    : ram_(0, kRamSize), fb_(fb), fb_window_(fb), page_kind_(kRamSize >> kKindShift, 0) {
  map(kFbBase, kFbSize, fb_window_);
  map(kFbAliasBase, kFbSize, fb_window_);
  for (uint32_t page = kFbAliasBase >> kKindShift; page <= (kFbAliasBase + kFbSize - 1) >> kKindShift;
       ++page) {
    page_kind_[page] |= kFb8Page;
  }
}

void Memory::map(uint32_t base, uint32_t size, MmioDevice& device) {
  mappings_.push_back({base, base + size - 1, &device});
  // A 32-bit access starting up to 3 bytes before a device still starts outside it, so only the
  // device's own pages need the slow path.
  for (uint64_t page = base >> kKindShift; page <= (uint64_t{base} + size - 1) >> kKindShift; ++page) {
    if (page < page_kind_.size()) page_kind_[page] |= kMmio32Page;
  }
}

MmioDevice* Memory::find(uint32_t pa, uint32_t& offset) const {
  for (const Mapping& m : mappings_) {
    if (pa >= m.base && pa <= m.last) {
      offset = pa - m.base;
      return m.device;
    }
  }
  return nullptr;
}

bool Memory::in_fb(uint32_t pa, uint32_t& offset) {
  if (pa >= kFbBase && pa - kFbBase < kFbSize) {
    offset = pa - kFbBase;
    return true;
  }
  if (pa >= kFbAliasBase && pa - kFbAliasBase < kFbSize) {
    offset = pa - kFbAliasBase;
    return true;
  }
  return false;
}

bool Memory::read32(unsigned core, uint32_t pa, uint32_t& value) {
  uint32_t offset;
  if (MmioDevice* d = find(pa, offset)) {
    value = d->read32(core, offset);
    return true;
  }
  if (uint64_t{pa} + 4 > kRamSize) return false;
  value = ram_load32(host() + pa);
  return true;
}

bool Memory::write32(unsigned core, uint32_t pa, uint32_t value) {
  uint32_t offset;
  if (MmioDevice* d = find(pa, offset)) {
    d->write32(core, offset, value);
    return true;
  }
  if (uint64_t{pa} + 4 > kRamSize) return false;
  ram_store32(host() + pa, value);
  return true;
}

bool Memory::read8(uint32_t pa, uint8_t& value) {
  uint32_t offset;
  if (in_fb(pa, offset)) {
    value = fb_.read8(offset);
    return true;
  }
  if (pa >= kRamSize) return false;
  value = ram_load8(host() + pa);
  return true;
}

bool Memory::write8(uint32_t pa, uint8_t value) {
  uint32_t offset;
  if (in_fb(pa, offset)) {
    fb_.write8(offset, value);
    return true;
  }
  if (pa >= kRamSize) return false;
  ram_store8(host() + pa, value);
  return true;
}

bool Memory::plain_window(uint32_t pa, uint32_t& lo, uint32_t& hi) const {
  if (pa >= kRamSize) return false;
  uint64_t low = 0, high = kRamSize;
  for (const Mapping& m : mappings_) {
    if (pa >= m.base && pa <= m.last) return false;
    if (m.last < pa && uint64_t{m.last} + 1 > low) low = uint64_t{m.last} + 1;
    if (m.base > pa && m.base < high) high = m.base;
  }
  lo = static_cast<uint32_t>(low);
  hi = static_cast<uint32_t>(high);
  return true;
}

}  // namespace microvm::lamp
