// The per-core MMU (spec §2.6): a register bank per core (up to 32) at 0x0074F000 and the
// two-level 10/10/12 page walk. A fault is recorded in the bank and then panics the VM; it is not
// a guest exception in this era.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "lamp/layout.h"
#include "lamp/mmio.h"

namespace microvm::lamp {

namespace mmu {
constexpr uint32_t kCap = 0x200C0202;
constexpr uint32_t kPresent = 1, kWritable = 2, kUser = 4, kExecutable = 8;
// FAULT_INFO access bits.
constexpr unsigned kRead = 1, kWrite = 2, kExec = 4, kUserAccess = 8;
// Fault reasons.
constexpr uint32_t kNotPresent = 1, kPermission = 2, kTableOutOfRam = 3, kBadRoot = 4;
}  // namespace mmu

struct MmuRegs {
  uint32_t ctrl = 0;
  uint32_t root_lo = 0, root_hi = 0;
  uint32_t fault_status = 0;
  uint32_t fault_addr_lo = 0, fault_addr_hi = 0;
  uint32_t fault_info = 0;
  bool enabled() const { return ctrl & 1; }
};

struct Translation {
  bool ok;
  uint32_t pa;      // when ok
  uint32_t reason;  // when not ok
};

// Walks the tables in RAM (`ram`, `ram_size` bytes). `access` is mmu::kRead/kWrite/kExec.
Translation mmu_walk(const MmuRegs& regs, const uint8_t* ram, uint32_t ram_size, uint32_t va,
                     unsigned access);

class Mmu : public MmioDevice {
 public:
  explicit Mmu(std::function<void()> halt) : halt_(std::move(halt)) {}

  // Cores >= 32 have no bank: their MMU stays off (documented in docs/lamp.md).
  MmuRegs* regs(unsigned core) { return core < kMmuCores ? &banks_[core] : nullptr; }
  void record_fault(unsigned core, uint32_t va, uint32_t reason, unsigned access);

  // The device's state in a snapshot (lamp/snapshot.cpp); load() throws a UserError on bad values.
  void save(SnapshotWriter& out) const;
  void load(SnapshotReader& in);

  uint32_t read32(unsigned core, uint32_t offset) override;
  void write32(unsigned core, uint32_t offset, uint32_t value) override;

 private:
  MmuRegs banks_[kMmuCores];  // each bank is touched only by its own core
  std::function<void()> halt_;
};

}  // namespace microvm::lamp
