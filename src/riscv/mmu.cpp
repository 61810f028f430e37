// The slow path of memory access: address translation (Sv39/48/57, privileged spec 4.3-4.6),
// PMP, MMIO, page-crossing accesses, and the TLBs that let the fast path skip all of it.
#include <algorithm>

#include "riscv/hart.h"

namespace microvm::riscv {
namespace {

enum WalkResult { kWalkOk = 0, kPageFault = 1, kAccessFault = 2 };

Exception page_fault_for(Hart::Access access) {
  switch (access) {
    case Hart::Access::kRead: return Exception::kLoadPageFault;
    case Hart::Access::kWrite: return Exception::kStorePageFault;
    case Hart::Access::kFetch: return Exception::kInsnPageFault;
  }
  return Exception::kLoadPageFault;
}

Exception access_fault_for(Hart::Access access) {
  switch (access) {
    case Hart::Access::kRead: return Exception::kLoadAccessFault;
    case Hart::Access::kWrite: return Exception::kStoreAccessFault;
    case Hart::Access::kFetch: return Exception::kInsnAccessFault;
  }
  return Exception::kLoadAccessFault;
}

Pmp::Access pmp_access(Hart::Access access) {
  switch (access) {
    case Hart::Access::kRead: return Pmp::kRead;
    case Hart::Access::kWrite: return Pmp::kWrite;
    case Hart::Access::kFetch: return Pmp::kExec;
  }
  return Pmp::kRead;
}

}  // namespace

Priv Hart::data_priv() const {
  if (priv == Priv::M && (csr.mstatus & mstatus_bits::kMPRV)) {
    return static_cast<Priv>((csr.mstatus & mstatus_bits::kMPP) >> mstatus_bits::kMPPShift);
  }
  return priv;
}

void Hart::update_contexts() {
  hpm_follow_mode();
  const Priv dp = data_priv();
  const bool sum = csr.mstatus & mstatus_bits::kSUM;
  const Tlb::Context data_ctx = dp == Priv::U   ? Tlb::kCtxU
                                : dp == Priv::S ? (sum ? Tlb::kCtxSum : Tlb::kCtxS)
                                                : Tlb::kCtxM;
  const Tlb::Context fetch_ctx = priv == Priv::U ? Tlb::kCtxU : priv == Priv::S ? Tlb::kCtxS : Tlb::kCtxM;
  tlb_.select(data_ctx, fetch_ctx);
  update_direct_ram(dp);
}

void Hart::update_direct_ram(Priv data) {
  direct_limit_ = 0;
  // A device on top of RAM (HTIF's tohost) keeps every access on the TLB's path.
  if (data != Priv::M || ram_.size() < 8 || bus_.has_device_in(ram_.base(), ram_.size())) return;
  if (!pmp_.allows(ram_.base(), ram_.size(), Pmp::kRead, Priv::M) ||
      !pmp_.allows(ram_.base(), ram_.size(), Pmp::kWrite, Priv::M)) {
    return;
  }
  // Offsets up to size - 8: an access of up to 8 bytes from there stays inside RAM.
  direct_limit_ = ram_.size() - 7;
}

int Hart::walk(uint64_t va, Access access, Priv effective, uint64_t& pa, bool update_ad) {
  const uint64_t mode = csr.satp >> satp_bits::kModeShift;
  const int levels = mode == satp_bits::kModeSv39 ? 3 : mode == satp_bits::kModeSv48 ? 4 : 5;
  const unsigned va_bits = 12 + 9 * levels;
  // Bits above the virtual address width must all equal its top bit.
  if (static_cast<uint64_t>(static_cast<int64_t>(va << (64 - va_bits)) >> (64 - va_bits)) != va) {
    return kPageFault;
  }
  const bool mxr = csr.mstatus & mstatus_bits::kMXR;
  const bool sum = csr.mstatus & mstatus_bits::kSUM;
  uint64_t table = (csr.satp & satp_bits::kPpnMask) << 12;

  for (int level = levels - 1; level >= 0; --level) {
    const uint64_t pte_addr = table + ((va >> (12 + 9 * level)) & 0x1FF) * 8;
    // Implicit page-table accesses are checked by PMP as S-mode reads (privileged spec 3.7.1).
    if (!ram_.contains(pte_addr, 8) || !pmp_.allows(pte_addr, 8, Pmp::kRead, Priv::S)) return kAccessFault;
    std::atomic_ref<uint64_t> slot(*reinterpret_cast<uint64_t*>(ram_.ptr(pte_addr)));
    uint64_t pte = slot.load(std::memory_order_acquire);
    for (;;) {
      using namespace pte_bits;
      if (!(pte & kV) || (!(pte & kR) && (pte & kW)) || (pte & kReserved)) return kPageFault;
      const bool leaf = pte & (kR | kX);
      // Svpbmt: memory types only in leaves, only when M-mode enabled them, and 3 is reserved.
      const uint64_t pbmt = pte & kPbmt;
      if (pbmt && (!leaf || !(csr.menvcfg & menvcfg_bits::kPBMTE) || pbmt == kPbmt)) return kPageFault;
      // Svnapot: only 64 KiB pages (ppn[3:0] = 1000) at the last level.
      const bool napot = pte & kN;
      if (napot &&
          (!leaf || !config_.isa.has(Ext::kSvnapot) || level != 0 || ((pte >> kPpnShift) & 0xF) != 0x8))
        return kPageFault;
      if (!leaf) break;  // a pointer to the next level

      // A leaf: permissions.
      if (access == Access::kFetch) {
        if (!(pte & kX)) return kPageFault;
      } else if (access == Access::kRead) {
        if (!((pte & kR) || (mxr && (pte & kX)))) return kPageFault;
      } else if (!(pte & kW)) {
        return kPageFault;
      }
      if (effective == Priv::U && !(pte & kU)) return kPageFault;
      if (effective == Priv::S && (pte & kU) && (access == Access::kFetch || !sum)) return kPageFault;

      const uint64_t ppn = (pte >> kPpnShift) & kPpnMask & (napot ? ~0xFull : ~0ull);
      const uint64_t offset_mask = napot ? 0xFFFF : (1ull << (12 + 9 * level)) - 1;
      if (((ppn << 12) & offset_mask) != 0) return kPageFault;  // misaligned superpage

      const uint64_t needed = kA | (access == Access::kWrite ? kD : 0);
      if ((pte & needed) != needed && update_ad) {
        if (!(csr.menvcfg & menvcfg_bits::kADUE)) return kPageFault;  // Svade: software manages A/D
        if (!pmp_.allows(pte_addr, 8, Pmp::kWrite, Priv::S)) return kAccessFault;
        // Atomic with respect to other harts' walks and stores; on a race, look at the PTE again.
        if (!slot.compare_exchange_strong(pte, pte | needed, std::memory_order_acq_rel)) continue;
        ram_.written(pte_addr, 8);
      }
      pa = (ppn << 12) | (va & offset_mask);
      if (level > 0 && update_ad) tlb_.note_superpage(va, level);
      return kWalkOk;
    }
    // A pointer: at the last level there is nothing to point to, and A, D and U are reserved in
    // non-leaf PTEs (privileged spec 4.3.1), so they fault like any reserved bit (4.3.2 step 3).
    if (level == 0 || (pte & (pte_bits::kA | pte_bits::kD | pte_bits::kU))) return kPageFault;
    table = ((pte >> pte_bits::kPpnShift) & pte_bits::kPpnMask) << 12;
  }
  return kPageFault;
}

bool Hart::translate(uint64_t va, Access access, Priv effective, uint64_t& pa, bool& cacheable) {
  const bool bare = effective == Priv::M || (csr.satp >> satp_bits::kModeShift) == satp_bits::kModeBare;
  if (bare) {
    pa = va;
  } else {
    const int result = walk(va, access, effective, pa, true);
    if (result != kWalkOk) {
      raise(result == kPageFault ? page_fault_for(access) : access_fault_for(access), va);
      return false;
    }
  }
  uint8_t perms = 0;
  const uint64_t page = pa & ~kPageMask;
  cacheable = bus_.is_plain_ram_page(page) && pmp_.page_permissions(page, effective, perms) &&
              (perms & pmp_access(access));
  return true;
}

bool Hart::translate_halves(uint64_t va, unsigned size, uint64_t split, Access access, Priv effective,
                            uint64_t pa[2]) {
  const uint64_t part_va[2] = {va, va + split};
  for (int i = 0; i < 2; ++i) {
    bool cacheable;
    if (!translate(part_va[i], access, effective, pa[i], cacheable)) return false;
    const uint64_t len = i == 0 ? split : size - split;
    if (!pmp_.allows(pa[i], len, pmp_access(access), effective)) {
      raise(access_fault_for(access), part_va[i]);
      return false;
    }
  }
  return true;
}

bool Hart::load_slow(uint64_t va, unsigned size) {
  if (debug_.checks && !debug_access(va, size, false)) [[unlikely]]
    return false;
  const Priv effective = data_priv();
  const uint64_t split = 4096 - (va & kPageMask);
  slow_value_ = 0;
  // Misaligned within a page the TLB already maps: no walk needed.
  const TlbEntry& mapped = tlb_.data().read[Tlb::index(va)];
  if (split >= size && mapped.tag == (va & ~kPageMask)) {
    std::memcpy(&slow_value_, reinterpret_cast<const void*>(mapped.addend + va), size);
    return true;
  }
  if (split < size) {
    // Misaligned across pages (emulated, as QEMU does): both halves are checked before any byte.
    uint64_t pa[2];
    if (!translate_halves(va, size, split, Access::kRead, effective, pa)) return false;
    uint8_t bytes[8];
    for (unsigned b = 0; b < size; ++b) {
      uint64_t value;
      const uint64_t byte_pa = b < split ? pa[0] + b : pa[1] + (b - split);
      if (!bus_.read(byte_pa, 1, value)) {
        raise(Exception::kLoadAccessFault, va + b);
        return false;
      }
      bytes[b] = static_cast<uint8_t>(value);
    }
    std::memcpy(&slow_value_, bytes, size);
    return true;
  }

  uint64_t pa;
  bool cacheable;
  if (!translate(va, Access::kRead, effective, pa, cacheable)) return false;
  if (!pmp_.allows(pa, size, Pmp::kRead, effective)) {
    raise(Exception::kLoadAccessFault, va);
    return false;
  }
  if (cacheable) {
    TlbEntry& entry = tlb_.fill_read(va, ram_.ptr(pa & ~kPageMask));
    switch (size) {
      case 1: slow_value_ = host_load<uint8_t>(entry.addend + va); break;
      case 2: slow_value_ = host_load<uint16_t>(entry.addend + va); break;
      case 4: slow_value_ = host_load<uint32_t>(entry.addend + va); break;
      default: slow_value_ = host_load<uint64_t>(entry.addend + va); break;
    }
    // A watched page stays out of the data TLBs, so every access to it comes here to be checked.
    if (debug_unmapped(va)) [[unlikely]]
      entry.tag = TlbEntry::kInvalid;
    return true;
  }
  if (!mmio_read(pa, size, slow_value_)) {
    raise(Exception::kLoadAccessFault, va);
    return false;
  }
  return true;
}

bool Hart::store_slow(uint64_t va, uint64_t value, unsigned size) {
  if (debug_.checks) [[unlikely]] {
    if (!debug_access(va, size, true)) return false;
    if (trace_.tracer) trace_store(va, value, size);
  }
  const Priv effective = data_priv();
  const uint64_t split = 4096 - (va & kPageMask);
  if (split < size) {
    uint64_t pa[2];
    if (!translate_halves(va, size, split, Access::kWrite, effective, pa)) return false;
    for (unsigned b = 0; b < size; ++b) {
      const uint64_t byte_pa = b < split ? pa[0] + b : pa[1] + (b - split);
      if (!mmio_write(byte_pa, 1, (value >> (8 * b)) & 0xFF)) {
        raise(Exception::kStoreAccessFault, va + b);
        return false;
      }
    }
    return true;
  }

  uint64_t pa;
  bool cacheable;
  if (!translate(va, Access::kWrite, effective, pa, cacheable)) return false;
  if (!pmp_.allows(pa, size, Pmp::kWrite, effective)) {
    raise(Exception::kStoreAccessFault, va);
    return false;
  }
  if (cacheable) {
    std::atomic<uint32_t>& flags = ram_.page_flags(pa);
    TlbEntry& entry = tlb_.fill_write(va, ram_.ptr(pa & ~kPageMask), &flags);
    const uintptr_t p = entry.addend + va;
    switch (size) {
      case 1: host_store<uint8_t>(p, static_cast<uint8_t>(value)); break;
      case 2: host_store<uint16_t>(p, static_cast<uint16_t>(value)); break;
      case 4: host_store<uint32_t>(p, static_cast<uint32_t>(value)); break;
      default: host_store<uint64_t>(p, value); break;
    }
    if (flags.load(std::memory_order_relaxed)) after_special_store(p, size);
    if (debug_unmapped(va)) [[unlikely]]
      entry.tag = TlbEntry::kInvalid;
    return true;
  }
  if (!mmio_write(pa, size, value)) {
    raise(Exception::kStoreAccessFault, va);
    return false;
  }
  return true;
}

bool Hart::mmio_read(uint64_t pa, unsigned size, uint64_t& value) { return bus_.read(pa, size, value); }

bool Hart::mmio_write(uint64_t pa, unsigned size, uint64_t value) {
  if (!bus_.write(pa, size, value)) return false;
  // A write through the bus may have hit RAM holding code (Bus::write tells Ram), or a device
  // that changes what this hart should do next (an IPI to itself, a power-off): look again soon.
  if (current_page_ && (pa & ~kPageMask) == current_page_->pa) end_block();
  if (!ram_.contains(pa, size)) end_block();
  return true;
}

void Hart::after_special_store(uintptr_t host, unsigned size) {
  const uint64_t pa = ram_.base() + (reinterpret_cast<uint8_t*>(host) - ram_.host());
  const uint32_t flags = ram_.page_flags(pa).load(std::memory_order_acquire);
  if (flags & Ram::kCodeFlag) {
    ram_.written(pa, size);
    if (current_page_ && current_page_->pa == (pa & ~kPageMask)) end_block();
  }
  if (flags >= Ram::kReservationUnit) reservations_.break_others(config_.hartid, pa, size);
  if (flags & Ram::kTrackFlag) ram_.note_store(pa);
}

Hart::AmoTarget Hart::amo_target(uint64_t va, unsigned size, Access access) {
  AmoTarget target;
  if (debug_.checks && !debug_access(va, size, access != Access::kRead)) [[unlikely]]
    return target;
  const Priv effective = data_priv();
  uint64_t pa;
  bool cacheable;
  if (!translate(va, access, effective, pa, cacheable)) return target;
  // AMOs need both read and write permission; LR only read.
  const bool allowed = access == Access::kRead ? pmp_.allows(pa, size, Pmp::kRead, effective)
                                               : pmp_.allows(pa, size, Pmp::kRead, effective) &&
                                                     pmp_.allows(pa, size, Pmp::kWrite, effective);
  if (!allowed) {
    raise(access == Access::kRead ? Exception::kLoadAccessFault : Exception::kStoreAccessFault, va);
    return target;
  }
  target.ok = true;
  target.pa = pa;
  if (bus_.find_device(pa) == nullptr && ram_.contains(pa, size)) target.host = ram_.ptr(pa);
  return target;
}

Hart::Probe Hart::probe_data_access(uint64_t va) {
  const Priv effective = data_priv();
  uint64_t pa = va;
  if (effective != Priv::M && (csr.satp >> satp_bits::kModeShift) != satp_bits::kModeBare) {
    const int read = walk(va, Access::kRead, effective, pa, false);
    if (read != kWalkOk && walk(va, Access::kWrite, effective, pa, false) != kWalkOk) {
      return read == kAccessFault ? Probe::kAccessFault : Probe::kPageFault;
    }
  }
  if (!pmp_.allows(pa, 1, Pmp::kRead, effective) && !pmp_.allows(pa, 1, Pmp::kWrite, effective)) {
    return Probe::kAccessFault;
  }
  return Probe::kOk;
}

bool Hart::debug_translate(uint64_t va, Access access, uint64_t& pa) {
  const Priv effective = access == Access::kFetch ? priv : data_priv();
  if (effective == Priv::M || (csr.satp >> satp_bits::kModeShift) == satp_bits::kModeBare) {
    pa = va;
    return true;
  }
  return walk(va, access, effective, pa, false) == kWalkOk;
}

}  // namespace microvm::riscv
