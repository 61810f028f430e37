// The lamp machine's MMIO contract. Unlike core::Device it names the accessing core, because the
// INTC and MMU register files are banked per core (spec §2.5, §2.6). Only whole 32-bit accesses
// reach a device; 8-bit accesses never see MMIO except the framebuffer (spec §1.3).
#pragma once

#include <cstdint>

#include "core/snapshot.h"

namespace microvm::lamp {

class MmioDevice {
 public:
  virtual ~MmioDevice() = default;
  virtual uint32_t read32(unsigned core, uint32_t offset) = 0;
  virtual void write32(unsigned core, uint32_t offset, uint32_t value) = 0;
};

}  // namespace microvm::lamp
