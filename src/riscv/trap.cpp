// Traps and privilege changes: exceptions, interrupts with their architectural priority,
// delegation, xRET, WFI, ECALL, and the fences that reach the TLBs and decoded code
// (privileged spec 3.1.6-3.1.9, 3.3, 4.1.9).
#include <algorithm>

#include "riscv/hart.h"
#include "riscv/profile.h"
#include "riscv/timeline.h"

namespace microvm::riscv {
namespace {

// Highest priority first (privileged spec 3.1.9): MEI, MSI, MTI, SEI, SSI, STI.
constexpr unsigned kInterruptPriority[] = {irq::kMEI, irq::kMSI, irq::kMTI,  irq::kSEI,
                                           irq::kSSI, irq::kSTI, irq::kLCOFI};

uint64_t trap_vector(uint64_t tvec, uint64_t cause, bool interrupt) {
  const uint64_t base = tvec & ~3ull;
  return (interrupt && (tvec & 3) == 1) ? base + 4 * cause : base;
}

}  // namespace

void Hart::raise(Exception cause, uint64_t tval) {
  if (hold_traps_) [[unlikely]] {
    trap_held_ = true;
    return;
  }
  // The trapping instruction does not retire: give back the count dispatch took for it.
  block_.give_back();
  take_trap(static_cast<uint64_t>(cause), tval, false);
}

void Hart::raise_illegal(const Insn& insn) { raise(Exception::kIllegalInsn, current_insn_bits(insn)); }

void Hart::take_trap(uint64_t cause, uint64_t tval, bool interrupt) {
  using namespace mstatus_bits;
  const uint64_t delegated = interrupt ? csr.mideleg : csr.medeleg;
  const uint64_t code = cause | (interrupt ? kInterruptBit : 0);
  const uint64_t epc = pc;
  if (priv != Priv::M && ((delegated >> cause) & 1)) {
    csr.scause = code;
    csr.sepc = pc;
    csr.stval = tval;
    uint64_t s = csr.mstatus & ~(kSPP | kSPIE | kSIE);
    if (priv == Priv::S) s |= kSPP;
    if (csr.mstatus & kSIE) s |= kSPIE;
    csr.mstatus = s;
    priv = Priv::S;
    pc = trap_vector(csr.stvec, cause, interrupt);
  } else {
    csr.mcause = code;
    csr.mepc = pc;
    csr.mtval = tval;
    uint64_t s = csr.mstatus & ~(kMPP | kMPIE | kMIE);
    s |= static_cast<uint64_t>(priv) << kMPPShift;
    if (csr.mstatus & kMIE) s |= kMPIE;
    csr.mstatus = s;
    priv = Priv::M;
    pc = trap_vector(csr.mtvec, cause, interrupt);
    triggers_.on_trap_to_m();
    if (firmware_) firmware_->machine_trap(*this, code, tval);
  }
  reservations_.clear(config_.hartid);
  wfi_ = false;
  update_contexts();
  end_block();
  if (trace_.tracer) [[unlikely]]
    trace_trap(cause, tval, interrupt, epc);
  if (profile_) [[unlikely]]
    profile_->trap(cause, interrupt);
  if (interrupt && timeline_) [[unlikely]]
    timeline_->interrupt(cause);
  if (dead_end_.sink && !interrupt) note_exception(cause, epc, tval);
}

// An exception that made no progress: raised again by the instruction an xRET just returned to,
// or by the first instruction of the handler the previous one went to (nothing retired between).
// A guest that emulates an instruction (the handler returns past it) or fixes a page fault
// retires the instruction, and never counts.
void Hart::note_exception(uint64_t cause, uint64_t epc, uint64_t tval) {
  constexpr uint64_t kLoopRepeats = 100;
  const uint64_t now = instret_ + block_.retired();
  DeadEnds::Trap& last = dead_end_.history[DeadEnds::kHistory - 1];
  const bool again = last.cause == cause && last.epc == epc && last.tval == tval &&
                     ((dead_end_.return_pc == epc && dead_end_.return_instret == now) ||
                      (epc == last.tvec && dead_end_.last_trap_instret == now));
  dead_end_.last_trap_instret = now;
  dead_end_.return_pc = ~0ull;
  if (again) {
    if (++dead_end_.repeats == kLoopRepeats)
      dead_end_.sink->trap_loop(*this, dead_end_.history, dead_end_.repeats + 1);
    return;
  }
  std::copy(std::begin(dead_end_.history) + 1, std::end(dead_end_.history), std::begin(dead_end_.history));
  last = DeadEnds::Trap{cause, epc, tval, pc};
  dead_end_.repeats = 0;
}

// A jump to itself that no interrupt can leave (looked at every few thousand instructions).
void Hart::check_stuck() {
  using namespace mstatus_bits;
  const uint64_t to_m = csr.mie & ~csr.mideleg, to_s = csr.mie & csr.mideleg;
  const bool m_can = to_m && (priv != Priv::M || (csr.mstatus & kMIE));
  const bool s_can = to_s && (priv == Priv::U || (priv == Priv::S && (csr.mstatus & kSIE)));
  if (m_can || s_can || halted() || pc == dead_end_.stuck_pc) return;
  uint64_t pa, bits = 0;
  if (!debug_translate(pc, Access::kFetch, pa) || !ram_.contains(pa, 4) || !bus_.read(pa, 4, bits)) return;
  // j . (jal zero, 0) or c.j . (RVC, 16 bits)
  if (static_cast<uint32_t>(bits) != 0x0000006f && static_cast<uint16_t>(bits) != 0xa001) return;
  dead_end_.stuck_pc = pc;
  dead_end_.sink->stuck(*this);
}

bool Hart::take_pending_interrupt() {
  using namespace mstatus_bits;
  const uint64_t pending = mip() & csr.mie;
  if (!pending) return false;
  // An interrupt for a higher privilege than the current one is always enabled; for the
  // current one only when its xIE bit is set; for a lower one never.
  const bool m_enabled = priv != Priv::M || (csr.mstatus & kMIE);
  const bool s_enabled = priv == Priv::U || (priv == Priv::S && (csr.mstatus & kSIE));
  const uint64_t to_m = m_enabled ? pending & ~csr.mideleg : 0;
  const uint64_t to_s = s_enabled ? pending & csr.mideleg : 0;
  const uint64_t candidates = to_m ? to_m : to_s;
  if (!candidates) return false;
  for (unsigned bit : kInterruptPriority) {
    if (candidates & (1ull << bit)) {
      take_trap(bit, 0, true);
      return true;
    }
  }
  return false;
}

void Hart::do_mret() {
  using namespace mstatus_bits;
  const Priv target = static_cast<Priv>((csr.mstatus & kMPP) >> kMPPShift);
  uint64_t s = csr.mstatus & ~(kMPP | kMIE);
  if (csr.mstatus & kMPIE) s |= kMIE;
  s |= kMPIE;  // MPP becomes U, the least-privileged mode
  if (target != Priv::M) s &= ~kMPRV;
  csr.mstatus = s;
  priv = target;
  pc = csr.mepc & epc_mask();
  triggers_.on_mret();
  dead_end_.return_pc = pc;
  dead_end_.return_instret = instret_ + block_.retired();
  update_contexts();
  end_block();
}

void Hart::do_sret() {
  using namespace mstatus_bits;
  const Priv target = (csr.mstatus & kSPP) ? Priv::S : Priv::U;
  uint64_t s = csr.mstatus & ~(kSPP | kSIE | kMPRV);
  if (csr.mstatus & kSPIE) s |= kSIE;
  s |= kSPIE;
  csr.mstatus = s;
  priv = target;
  pc = csr.sepc & epc_mask();
  dead_end_.return_pc = pc;
  dead_end_.return_instret = instret_ + block_.retired();
  update_contexts();
  end_block();
}

void Hart::do_wfi() {
  pc += 4;
  wfi_ = true;
  end_block();
}

void Hart::do_ecall() {
  if (priv == Priv::S && firmware_ && firmware_->handle_ecall(*this)) {
    pc += 4;
    end_block();  // the firmware may have changed timers, IPIs or the run state
    return;
  }
  const Exception cause = priv == Priv::U   ? Exception::kEcallFromU
                          : priv == Priv::S ? Exception::kEcallFromS
                                            : Exception::kEcallFromM;
  raise(cause, 0);
}

void Hart::do_fence_i() {
  // Decoded code already follows every write this hart can see; fence.i additionally compares
  // each page with memory before its next use, which covers writes racing from other harts.
  decoded_.verify_all();
  pc += 4;
  end_block();
}

bool Hart::do_sfence_vma(uint64_t va, uint64_t /*asid*/, bool all_va, bool /*all_asid*/) {
  // Every address space the TLB keeps is flushed (Tlb::switch_space), whatever the ASID: more
  // than an ASID form must, which the spec allows.
  if (all_va) {
    tlb_.flush_translated();
    return false;
  }
  tlb_.flush_page(va);
  // The block may go on while the page it runs from is still mapped as it was fetched: a kernel
  // flushing one user page after another (as it maps a file's pages in) stays in its block.
  return tlb_.fetch().fetch[Tlb::index(pc)].hit<uint8_t>(pc);
}

}  // namespace microvm::riscv
