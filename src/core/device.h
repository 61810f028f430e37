// The contract between the bus and an MMIO device. Offsets are relative to the device's base;
// sizes are 1, 2, 4 or 8 bytes. Returning false means the device refuses the access, which the
// CPU turns into an access fault for the guest (never a host error).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace microvm {

// How a device appears in the device tree, as data: the board adds the address it mapped the
// device at, and its tree writer (riscv/device_tree.cpp) the phandles.
struct DeviceNode {
  std::string name;   // before the unit address: "serial", "plic"; empty: not in the tree
  uint64_t size = 0;  // the reg size, and what the board maps
  std::vector<std::string> compatible;
  unsigned irq = 0;  // its input at the platform interrupt controller; 0: none
  // The hart-local interrupts it drives (interrupts-extended), hart by hart: each hart's entries
  // are consecutive, and every hart has as many (the CLINT: MSI 3 and MTI 7 for each).
  std::vector<uint32_t> hart_irqs;
  bool interrupt_controller = false;                    // the platform's: where the others' irq go
  std::vector<std::pair<std::string, uint32_t>> cells;  // other one-cell properties
  // Root nodes that act by writing `value` to this device (syscon-poweroff, syscon-reboot).
  struct SysconAction {
    std::string node;
    std::string compatible;
    uint32_t value;
  };
  std::vector<SysconAction> syscon_actions;
};
class SnapshotWriter;
class SnapshotReader;

class Device {
 public:
  virtual ~Device() = default;
  virtual std::string_view name() const = 0;
  virtual bool read(uint64_t offset, unsigned size, uint64_t& value) = 0;
  virtual bool write(uint64_t offset, unsigned size, uint64_t value) = 0;
  // Its device-tree node; the default leaves it out of the tree.
  virtual DeviceNode device_node() const { return {}; }

  // Snapshots: everything the guest can observe, saved while no hart runs, and loaded into a
  // device freshly built with the same configuration (which it checks). A device without state
  // (a ROM, a power switch) keeps these defaults.
  virtual void save(SnapshotWriter&) {}
  virtual void load(SnapshotReader&) {}
};

// Helpers for devices built of 32-bit or 64-bit registers that accept narrower accesses:
// extract or merge the bytes an access of `size` at byte `shift` touches.
inline uint64_t size_mask(unsigned size) { return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1; }
inline uint64_t extract_bytes(uint64_t reg, unsigned byte, unsigned size) {
  return (reg >> (byte * 8)) & size_mask(size);
}
inline uint64_t merge_bytes(uint64_t reg, unsigned byte, unsigned size, uint64_t value) {
  const uint64_t mask = size_mask(size) << (byte * 8);
  return (reg & ~mask) | ((value << (byte * 8)) & mask);
}

}  // namespace microvm
