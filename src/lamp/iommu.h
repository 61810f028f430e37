// The IOMMU window (spec §2.7): a global register file at 0x0074E000 with one translation window per
// device. In this era the disk does not use it (its DMA is physical); translate() is the window
// function a device would call, kept so software that programs the IOMMU sees the original's
// registers and fault reporting.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "lamp/mmio.h"

namespace microvm::lamp {

namespace iommu {
constexpr uint32_t kCap = 0x00010004;
constexpr unsigned kDevices = 4;
constexpr uint32_t kDevInvalid = 1, kUnmapped = 2, kBounds = 3, kPaRange = 4;
}  // namespace iommu

class Iommu : public MmioDevice {
 public:
  Iommu(uint32_t ram_size, std::function<void()> halt) : ram_size_(ram_size), halt_(std::move(halt)) {}

  // The physical address for [iova, iova+len) of `device`, or nullopt after recording a fault.
  // With the IOMMU disabled, addresses pass through.
  std::optional<uint32_t> translate(unsigned device, uint64_t iova, uint32_t len);

  // The device's state in a snapshot (lamp/snapshot.cpp); load() throws a UserError on bad values.
  void save(SnapshotWriter& out);
  void load(SnapshotReader& in);

  uint32_t read32(unsigned core, uint32_t offset) override;
  void write32(unsigned core, uint32_t offset, uint32_t value) override;

 private:
  struct Window {
    uint32_t ctrl = 0;
    uint64_t iova_base = 0;
    uint32_t iova_size = 0;
    uint64_t pa_base = 0;
  };
  void fault(uint32_t reason, unsigned device, uint64_t iova, uint32_t len);

  const uint32_t ram_size_;
  std::function<void()> halt_;
  std::mutex mutex_;
  uint32_t ctrl_ = 0;
  uint32_t devsel_ = 0;
  Window windows_[iommu::kDevices];
  uint32_t fault_status_ = 0, fault_dev_ = 0, fault_len_ = 0;
  uint64_t fault_iova_ = 0;
};

}  // namespace microvm::lamp
