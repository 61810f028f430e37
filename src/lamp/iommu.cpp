#include "lamp/iommu.h"

#include <cstdio>

namespace microvm::lamp {

void Iommu::fault(uint32_t reason, unsigned device, uint64_t iova, uint32_t len) {
  fault_status_ = 1 | (reason << 4);
  fault_dev_ = device;
  fault_iova_ = iova;
  fault_len_ = len;
}

std::optional<uint32_t> Iommu::translate(unsigned device, uint64_t iova, uint32_t len) {
  std::lock_guard lock(mutex_);
  if (!(ctrl_ & 1)) return static_cast<uint32_t>(iova);
  if (device >= iommu::kDevices) {
    fault(iommu::kDevInvalid, device, iova, len);
    return std::nullopt;
  }
  const Window& w = windows_[device];
  if (!(w.ctrl & 1)) {
    fault(iommu::kUnmapped, device, iova, len);
    return std::nullopt;
  }
  if (iova < w.iova_base || iova - w.iova_base + len > w.iova_size) {
    fault(iommu::kBounds, device, iova, len);
    return std::nullopt;
  }
  const uint64_t pa = w.pa_base + (iova - w.iova_base);
  if (pa + len > ram_size_) {
    fault(iommu::kPaRange, device, iova, len);
    return std::nullopt;
  }
  return static_cast<uint32_t>(pa);
}

uint32_t Iommu::read32(unsigned, uint32_t offset) {
  std::lock_guard lock(mutex_);
  const Window* w = devsel_ < iommu::kDevices ? &windows_[devsel_] : nullptr;
  switch (offset) {
    case 0x00: return iommu::kCap;
    case 0x04: return ctrl_;
    case 0x08: return devsel_;
    case 0x0C: return w ? w->ctrl : 0;
    case 0x10: return w ? static_cast<uint32_t>(w->iova_base) : 0;
    case 0x14: return w ? static_cast<uint32_t>(w->iova_base >> 32) : 0;
    case 0x18: return w ? w->iova_size : 0;
    case 0x1C: return w ? static_cast<uint32_t>(w->pa_base) : 0;
    case 0x20: return w ? static_cast<uint32_t>(w->pa_base >> 32) : 0;
    case 0x24: return fault_status_;
    case 0x28: return fault_dev_;
    case 0x2C: return static_cast<uint32_t>(fault_iova_);
    case 0x30: return static_cast<uint32_t>(fault_iova_ >> 32);
    case 0x34: return fault_len_;
    default: std::fprintf(stderr, "Unknown IOMMU MMIO read at offset 0x%x\n", offset); return 0;
  }
}

void Iommu::write32(unsigned, uint32_t offset, uint32_t value) {
  std::unique_lock lock(mutex_);
  Window* w = devsel_ < iommu::kDevices ? &windows_[devsel_] : nullptr;
  auto set_lo = [](uint64_t& r, uint32_t v) { r = (r & ~0xFFFFFFFFull) | v; };
  auto set_hi = [](uint64_t& r, uint32_t v) { r = (r & 0xFFFFFFFFull) | uint64_t{v} << 32; };
  switch (offset) {
    case 0x04: ctrl_ = value & 1; return;
    case 0x08: devsel_ = value; return;
    case 0x0C:
      if (w) w->ctrl = value & 1;
      return;
    case 0x10:
      if (w) set_lo(w->iova_base, value);
      return;
    case 0x14:
      if (w) set_hi(w->iova_base, value);
      return;
    case 0x18:
      if (w) w->iova_size = value;
      return;
    case 0x1C:
      if (w) set_lo(w->pa_base, value);
      return;
    case 0x20:
      if (w) set_hi(w->pa_base, value);
      return;
    case 0x24:
      if (value & 1) {
        fault_status_ = fault_dev_ = fault_len_ = 0;
        fault_iova_ = 0;
      }
      return;
    default:
      lock.unlock();
      std::fprintf(stderr, "Unknown IOMMU MMIO write at offset 0x%x\n", offset);
      halt_();
  }
}

}  // namespace microvm::lamp
