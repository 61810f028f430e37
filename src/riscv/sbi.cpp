#include "riscv/sbi.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "riscv/disasm.h"
#include "riscv/timeline.h"

namespace microvm::riscv {
namespace {

// Extension IDs and error codes (SBI specification v2.0).
constexpr uint64_t kBase = 0x10, kTime = 0x54494D45, kIpi = 0x735049, kRfence = 0x52464E43, kHsm = 0x48534D,
                   kSrst = 0x53525354, kDbcn = 0x4442434E, kPmu = 0x504D55;
constexpr uint64_t kLegacyLast = 0x0F;
constexpr int64_t kSuccess = 0, kErrNotSupported = -2, kErrInvalidParam = -3, kErrInvalidAddress = -5,
                  kErrAlreadyAvailable = -6, kErrAlreadyStopped = -8;

constexpr uint64_t kSpecVersion = 2ull << 24;   // 2.0
constexpr uint64_t kImplementationId = 0x4D56;  // "MV": not an ID the SBI spec assigned to anyone
constexpr uint64_t kImplementationVersion = 0x0001'0000;

// What an M-mode firmware delegates when it has no reason to keep a trap: every exception S-mode
// can take except its own ecalls (those are SBI calls), and the supervisor interrupts.
constexpr uint64_t kDelegatedExceptions = 0xB1FF;
constexpr uint64_t kDelegatedInterrupts = mip_bits::kSupervisor;

enum Reg { kA0 = 10, kA1 = 11, kA2 = 12, kA3 = 13, kA4 = 14, kA5 = 15, kA6 = 16, kA7 = 17 };

}  // namespace

Sbi::Sbi(std::vector<Hart*> harts, Bus& bus, Console& console, RunControl& run_control)
    : harts_(std::move(harts)),
      bus_(bus),
      console_(console),
      run_control_(run_control),
      states_(std::make_unique<std::atomic<int>[]>(harts_.size())) {}

void Sbi::boot(uint64_t entry, uint64_t device_tree, unsigned boot_hart) {
  for (Hart* hart : harts_) {
    hart->reset(entry);
    hart->set_firmware(this);
    // What the firmware leaves in M-mode state (as OpenSBI does on QEMU virt).
    hart->csr.medeleg = kDelegatedExceptions;
    hart->csr.mideleg = kDelegatedInterrupts;
    // Counters for S-mode, and for U-mode too, as OpenSBI leaves them: Linux relies on it for
    // rdtime in user space (its vDSO clock_gettime).
    hart->csr.mcounteren = 0xFFFFFFFF;
    hart->csr.scounteren = 0xFFFFFFFF;
    // Sstc, and the cache-block operations (CBIE = 01: inval acts as flush), for S-mode.
    hart->csr.menvcfg |= (1ull << 4) | menvcfg_bits::kCBCFE | menvcfg_bits::kCBZE;
    if (hart->isa().has(Ext::kSstc)) hart->csr.menvcfg |= menvcfg_bits::kSTCE;
    hart->csr_write(csr::kPmpaddr0, ~0ull >> 10);  // all memory ...
    hart->csr_write(csr::kPmpcfg0, 0x1F);          // ... NAPOT, RWX
    const bool is_boot = hart->hartid() == boot_hart;
    states_[hart->hartid()].store(is_boot ? kStarted : kStopped);
    if (is_boot) {
      hart->start(entry, Priv::S, hart->hartid(), device_tree);
    } else {
      hart->halt();
    }
  }
}

void Sbi::machine_trap(Hart& hart, uint64_t mcause, uint64_t mtval) {
  // An illegal instruction's mtval holds its bits: show what it was.
  std::string instruction;
  if (mcause == static_cast<uint64_t>(Exception::kIllegalInsn) && mtval != 0) {
    instruction = " `" + disassemble(static_cast<uint32_t>(mtval), hart.csr.mepc) + "`";
    std::replace(instruction.begin(), instruction.end(), '\t', ' ');
  }
  run_control_.request_stop(
      StopReason::kGuestPanic, exit_status::kError,
      fmt::format(
          "hart {} trapped to M-mode (mcause={:#x} mepc={:#x} mtval={:#x}{}), where the built-in SBI runs "
          "no guest code",
          hart.hartid(), mcause, hart.csr.mepc, mtval, instruction));
  hart.halt();
}

bool Sbi::handle_ecall(Hart& hart) {
  const uint64_t eid = hart.x[kA7], fid = hart.x[kA6];
  const uint64_t a0 = hart.x[kA0], a1 = hart.x[kA1], a2 = hart.x[kA2], a3 = hart.x[kA3];
  if (eid <= kLegacyLast) return legacy(hart, eid);
  Result r{kErrNotSupported, 0};
  switch (eid) {
    case kBase: r = base(hart, fid, a0); break;
    case kTime:
      if (fid == 0) {
        hart.stimecmp().set_compare(a0);
        r = {kSuccess, 0};
      }
      break;
    case kIpi:
      if (fid == 0) r = ipi(hart, a0, a1);
      break;
    case kRfence: r = rfence(hart, fid, a0, a1, a2, a3); break;
    case kHsm: r = hsm(hart, fid, a0, a1, a2); break;
    case kSrst:
      if (fid == 0) r = reset(a0, a1);
      break;
    case kDbcn: r = debug_console(hart, fid, a0, a1, a2); break;
    case kPmu: r = pmu(hart, fid, a0, a1, a2, a3, hart.x[kA4]); break;
    default: break;
  }
  hart.x[kA0] = static_cast<uint64_t>(r.error);
  hart.x[kA1] = r.value;
  return true;
}

bool Sbi::probe(uint64_t eid) const {
  switch (eid) {
    case kBase:
    case kTime:
    case kIpi:
    case kRfence:
    case kHsm:
    case kSrst:
    case kPmu:
    case kDbcn: return true;
    default: return eid <= 0x08;  // the legacy calls we serve
  }
}

Sbi::Result Sbi::base(Hart& hart, uint64_t fid, uint64_t a0) {
  // The firmware reads these M-mode CSRs in M-mode; the hart here is in S-mode, where reading
  // them would fail (and leave `value` unset: host stack bytes in the guest's a1, which made
  // two --deterministic boots differ).
  uint64_t value = 0;
  switch (fid) {
    case 0: return {kSuccess, kSpecVersion};
    case 1: return {kSuccess, kImplementationId};
    case 2: return {kSuccess, kImplementationVersion};
    case 3: return {kSuccess, probe(a0) ? 1u : 0u};
    case 4: hart.debug_csr_read(csr::kMvendorid, value); return {kSuccess, value};
    case 5: hart.debug_csr_read(csr::kMarchid, value); return {kSuccess, value};
    case 6: hart.debug_csr_read(csr::kMimpid, value); return {kSuccess, value};
    default: return {kErrNotSupported, 0};
  }
}

bool Sbi::targets(uint64_t mask, uint64_t mask_base, std::vector<Hart*>& out) const {
  out.clear();
  if (mask_base == ~0ull) {
    out = harts_;
    return true;
  }
  for (unsigned bit = 0; bit < 64; ++bit) {
    if (!((mask >> bit) & 1)) continue;
    const uint64_t id = mask_base + bit;
    if (id >= harts_.size()) return false;
    out.push_back(harts_[id]);
  }
  return true;
}

Sbi::Result Sbi::ipi(Hart& hart, uint64_t mask, uint64_t mask_base) {
  std::vector<Hart*> list;
  if (!targets(mask, mask_base, list)) return {kErrInvalidParam, 0};
  for (Hart* target : list) {
    if (hart.timeline()) [[unlikely]]
      hart.timeline()->ipi(target->hartid());
    target->set_interrupt_pending(irq::kSSI, true);
  }
  return {kSuccess, 0};
}

void Sbi::remote(Hart& self, const std::vector<Hart*>& list, uint32_t request) {
  for (Hart* target : list) target->post_request(request);
  if (single_threaded_) {
    self.serve_requests();
    return;
  }
  if (self.timeline()) [[unlikely]]
    self.timeline()->fence_start(static_cast<unsigned>(list.size()));
  for (Hart* target : list) {
    // A hart waiting for another serves its own requests meanwhile, so two harts fencing each
    // other at once cannot deadlock.
    while (!target->requests_served() && !target->halted() && !run_control_.stop_requested()) {
      self.serve_requests();
      std::this_thread::yield();
    }
  }
  if (self.timeline()) [[unlikely]]
    self.timeline()->fence_end();
}

Sbi::Result Sbi::rfence(Hart& hart, uint64_t fid, uint64_t mask, uint64_t mask_base, uint64_t, uint64_t) {
  if (fid > 2) return {kErrNotSupported, 0};  // the hypervisor fences: no H extension
  std::vector<Hart*> list;
  if (!targets(mask, mask_base, list)) return {kErrInvalidParam, 0};
  // A whole flush is always a correct (if larger) answer to a ranged or ASID fence.
  remote(hart, list, fid == 0 ? Hart::kRequestVerifyCode : Hart::kRequestFlushTlb);
  return {kSuccess, 0};
}

Sbi::Result Sbi::hsm(Hart& hart, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2) {
  switch (fid) {
    case 0: {  // hart_start(hartid, start_addr, opaque)
      if (a0 >= harts_.size()) return {kErrInvalidParam, 0};
      int expected = kStopped;
      if (!states_[a0].compare_exchange_strong(expected, kStartPending)) return {kErrAlreadyAvailable, 0};
      if (!bus_.ram().contains(a1, 4)) {
        states_[a0].store(kStopped);
        return {kErrInvalidAddress, 0};
      }
      harts_[a0]->start(a1, Priv::S, a0, a2);
      states_[a0].store(kStarted);
      return {kSuccess, 0};
    }
    case 1:  // hart_stop()
      if (states_[hart.hartid()].load() != kStarted) return {kErrAlreadyStopped, 0};
      states_[hart.hartid()].store(kStopped);
      hart.halt();
      return {kSuccess, 0};
    case 2:  // hart_get_status(hartid)
      if (a0 >= harts_.size()) return {kErrInvalidParam, 0};
      return {kSuccess, static_cast<uint64_t>(states_[a0].load())};
    case 3: {  // hart_suspend(type, resume_addr, opaque)
      // Default retentive (0) and non-retentive (0x80000000) suspend; the rest is reserved or
      // platform-specific, which we have none of.
      if (a0 != 0 && a0 != 0x80000000) return {kErrInvalidParam, 0};
      const bool retentive = a0 == 0;
      if (!retentive && !bus_.ram().contains(a1, 4)) return {kErrInvalidAddress, 0};
      states_[hart.hartid()].store(kSuspended);
      suspend(hart, {retentive, a1, a2});
      hart.pc -= 4;  // suspend() moved past the ecall as wfi does; do_ecall will too
      return {kSuccess, 0};
    }
    default: return {kErrNotSupported, 0};
  }
}

Sbi::Result Sbi::reset(uint64_t type, uint64_t reason) {
  if (type > 2 || reason > 1) return {kErrInvalidParam, 0};
  if (type == 0) {
    run_control_.request_stop(StopReason::kPowerOff, reason == 1 ? 1 : 0,
                              reason == 1 ? "the guest shut down reporting a system failure" : "");
  } else {
    run_control_.request_stop(StopReason::kReset, 0);
  }
  return {kSuccess, 0};
}

Sbi::Result Sbi::debug_console(Hart&, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t) {
  Ram& ram = bus_.ram();
  switch (fid) {
    case 0: {                       // console_write(num_bytes, base_lo, base_hi): a physical address
      const uint64_t address = a1;  // base_hi (a2) only matters on RV32
      std::string bytes(a0, '\0');
      if (!ram.read(address, bytes.data(), bytes.size())) return {kErrInvalidParam, 0};
      console_.write(bytes);
      return {kSuccess, a0};
    }
    case 1: {  // console_read(num_bytes, base_lo, base_hi)
      const uint64_t address = a1;
      if (!ram.contains(address, a0)) return {kErrInvalidParam, 0};
      uint64_t n = 0;
      uint8_t byte;
      while (console_input_ && n < a0 && console_.pop_input(byte)) ram.write(address + n++, &byte, 1);
      return {kSuccess, n};
    }
    case 2: console_.put(static_cast<uint8_t>(a0)); return {kSuccess, 0};
    default: return {kErrNotSupported, 0};
  }
}

// The v0.1 calls: the result is in a0 only.
bool Sbi::legacy(Hart& hart, uint64_t eid) {
  uint64_t& a0 = hart.x[kA0];
  // The mask is in S-mode memory; no mask (address 0) means every hart (mask base -1).
  const uint64_t mask_va = a0;
  uint64_t mask = 0, mask_base = 0;
  if (mask_va == 0) {
    mask_base = ~0ull;
  } else if (uint64_t pa; hart.debug_translate(mask_va, Hart::Access::kRead, pa)) {
    bus_.ram().read(pa, &mask, 8);
  }
  switch (eid) {
    case 0x00:
      hart.stimecmp().set_compare(a0);
      a0 = 0;
      return true;
    case 0x01:
      console_.put(static_cast<uint8_t>(a0));
      a0 = 0;
      return true;
    case 0x02: {
      uint8_t byte;
      a0 = console_input_ && console_.pop_input(byte) ? byte : ~0ull;
      return true;
    }
    case 0x03:
      hart.write_mip(mip_bits::kSSIP, 0);
      a0 = 0;
      return true;
    case 0x04: a0 = static_cast<uint64_t>(ipi(hart, mask, mask_base).error); return true;
    case 0x05:
    case 0x06:
    case 0x07:
      a0 = static_cast<uint64_t>(rfence(hart, eid == 0x05 ? 0 : 1, mask, mask_base, 0, 0).error);
      return true;
    case 0x08:
      run_control_.request_stop(StopReason::kPowerOff, 0);
      a0 = 0;
      return true;
    default: a0 = static_cast<uint64_t>(kErrNotSupported); return true;
  }
}

}  // namespace microvm::riscv

namespace microvm::riscv {

// The hart waits for an interrupt as in WFI; then a retentive suspend returns from the call,
// and a non-retentive one starts over at the resume address as hart_start would.
void Sbi::suspend(Hart& hart, const Suspend& how) {
  const unsigned id = hart.hartid();
  suspends_[id] = how;
  hart.suspend([this, id, how](Hart& h) {
    states_[id].store(kStarted);
    if (!how.retentive) h.start(how.resume, Priv::S, id, how.opaque);
  });
}

void Sbi::save(SnapshotWriter& out) const {
  out.u32(static_cast<uint32_t>(harts_.size()));
  for (size_t h = 0; h < harts_.size(); ++h) {
    out.u32(static_cast<uint32_t>(states_[h].load()));
    out.boolean(suspends_[h].retentive);
    out.u64(suspends_[h].resume);
    out.u64(suspends_[h].opaque);
    out.u32(pmu_[h].used);
    out.u32(pmu_[h].started);
  }
}

void Sbi::load(SnapshotReader& in) {
  in.expect(in.u32(), harts_.size(), "the SBI's number of harts");
  for (size_t h = 0; h < harts_.size(); ++h) {
    const uint32_t state = in.u32();
    if (state > kSuspended) in.fail(fmt::format("HSM state {} does not exist", state));
    Suspend how;
    how.retentive = in.boolean();
    how.resume = in.u64();
    how.opaque = in.u64();
    pmu_[h].used = in.u32();
    pmu_[h].started = in.u32();
    states_[h].store(static_cast<int>(state));
    harts_[h]->set_firmware(this);
    if (state == kSuspended) {
      if (!how.retentive && !bus_.ram().contains(how.resume, 4)) in.fail("a resume address outside RAM");
      suspend(*harts_[h], how);
      harts_[h]->pc -= 4;  // the saved pc is already past the ecall; suspend() moved it again
    }
  }
  in.finish();
}

}  // namespace microvm::riscv
