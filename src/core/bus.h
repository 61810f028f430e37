// The physical address map: RAM plus MMIO devices. Harts reach RAM through their TLBs and come
// here only on a miss or for MMIO; debuggers and loaders come here for everything.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/device.h"
#include "core/ram.h"

namespace microvm {

class Bus {
 public:
  struct Mapping {
    uint64_t base;
    uint64_t size;
    Device* device;
    bool contains(uint64_t pa) const { return pa - base < size; }
  };

  explicit Bus(Ram& ram) : ram_(ram) {}

  Ram& ram() { return ram_; }
  const Ram& ram() const { return ram_; }

  // Devices may not overlap each other; a device may sit on top of RAM (HTIF's tohost does), and
  // then it wins. Throws std::logic_error on a board-construction mistake.
  void map(uint64_t base, uint64_t size, Device& device);

  const Mapping* find_device(uint64_t pa) const;
  const std::vector<Mapping>& mappings() const { return mappings_; }

  // A RAM page with no device on top can be mapped straight to host memory by a TLB.
  bool is_plain_ram_page(uint64_t page_pa) const;
  // Whether a device sits anywhere in [base, base + size).
  bool has_device_in(uint64_t base, uint64_t size) const;

  // Whole accesses of 1, 2, 4 or 8 bytes to a device or to RAM; false when nothing answers.
  bool read(uint64_t pa, unsigned size, uint64_t& value);
  bool write(uint64_t pa, unsigned size, uint64_t value);

 private:
  Ram& ram_;
  std::vector<Mapping> mappings_;  // sorted by base
};

}  // namespace microvm
