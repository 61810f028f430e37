// The contract between the bus and an MMIO device. Offsets are relative to the device's base;
// sizes are 1, 2, 4 or 8 bytes. Returning false means the device refuses the access, which the
// CPU turns into an access fault for the guest (never a host error).
#pragma once

#include <cstdint>
#include <string_view>

namespace microvm {

class SnapshotWriter;
class SnapshotReader;

class Device {
 public:
  virtual ~Device() = default;
  virtual std::string_view name() const = 0;
  virtual bool read(uint64_t offset, unsigned size, uint64_t& value) = 0;
  virtual bool write(uint64_t offset, unsigned size, uint64_t value) = 0;

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
