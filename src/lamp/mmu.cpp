#include "lamp/mmu.h"

#include <cstdio>
#include <cstring>

namespace microvm::lamp {
namespace {
uint32_t load_le32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
}  // namespace

Translation mmu_walk(const MmuRegs& regs, const uint8_t* ram, uint32_t ram_size, uint32_t va,
                     unsigned access) {
  using namespace mmu;
  const uint32_t root = regs.root_lo & 0xFFFFF000u;
  if (regs.root_hi != 0 || uint64_t{root} + kPageSize > ram_size) return {false, 0, kBadRoot};
  const uint32_t pde = load_le32(ram + root + 4 * (va >> 22));
  if (!(pde & kPresent)) return {false, 0, kNotPresent};
  const uint32_t table = pde & 0xFFFFF000u;
  if (uint64_t{table} + kPageSize > ram_size) return {false, 0, kTableOutOfRam};
  const uint32_t pte = load_le32(ram + table + 4 * ((va >> 12) & 0x3FF));
  if (!(pte & kPresent)) return {false, 0, kNotPresent};
  const uint32_t perms = pde & pte;
  if ((access & kWrite) && !(perms & kWritable)) return {false, 0, kPermission};
  if ((access & kExec) && !(perms & kExecutable)) return {false, 0, kPermission};
  if ((access & kUserAccess) && !(perms & kUser)) return {false, 0, kPermission};
  return {true, (pte & 0xFFFFF000u) | (va & 0xFFF), 0};
}

void Mmu::record_fault(unsigned core, uint32_t va, uint32_t reason, unsigned access) {
  if (MmuRegs* r = regs(core)) {
    r->fault_status = 1 | (reason << 4);
    r->fault_addr_lo = va;
    r->fault_addr_hi = 0;
    r->fault_info = access;
  }
}

uint32_t Mmu::read32(unsigned core, uint32_t offset) {
  const MmuRegs* r = regs(core);
  if (!r) return 0;
  switch (offset) {
    case 0x00: return mmu::kCap;
    case 0x04: return r->ctrl;
    case 0x08: return r->root_lo;
    case 0x0C: return r->root_hi;
    case 0x10: return r->fault_status;
    case 0x14: return r->fault_addr_lo;
    case 0x18: return r->fault_addr_hi;
    case 0x1C: return r->fault_info;
    default: std::fprintf(stderr, "Unknown MMU MMIO read at offset 0x%x\n", offset); return 0;
  }
}

void Mmu::write32(unsigned core, uint32_t offset, uint32_t value) {
  MmuRegs* r = regs(core);
  if (!r) return;
  switch (offset) {
    case 0x04: r->ctrl = value & 1; return;
    case 0x08: r->root_lo = value; return;
    case 0x0C: r->root_hi = value; return;
    case 0x10:
      if (value & 1) r->fault_status = r->fault_addr_lo = r->fault_addr_hi = r->fault_info = 0;
      return;
    default: std::fprintf(stderr, "Unknown MMU MMIO write at offset 0x%x\n", offset); halt_();
  }
}

}  // namespace microvm::lamp
