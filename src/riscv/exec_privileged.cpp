// ECALL, EBREAK, MRET, SRET, WFI, SFENCE.VMA and FENCE.I, with the privilege rules that make
// them illegal (privileged spec 3.3, 3.1.6.5, 4.2.1). The state changes are in trap.cpp.
#include "riscv/decode.h"
#include "riscv/encoding.h"
#include "riscv/exec_common.h"
#include "riscv/hart.h"
#include "riscv/semihosting.h"

namespace microvm::riscv {
namespace {

using namespace mstatus_bits;

void ecall(Hart& h, const Insn&) { h.do_ecall(); }

// mtval is 0 for a breakpoint, as on QEMU. A 32-bit ebreak between the semihosting shifts is a
// call to the host when semihosting is on; it then retires like an ecall the firmware served.
void ebreak(Hart& h, const Insn& i) {
  if (i.len == 4 && h.semihosting() && h.semihosting()->on_ebreak(h)) {
    h.pc += 4;
    h.end_block();  // the call may have stopped the machine or changed memory
    return;
  }
  h.raise(Exception::kBreakpoint, 0);
}

void mret(Hart& h, const Insn& i) {
  if (h.priv != Priv::M) return h.raise_illegal(i);
  h.do_mret();
}

void sret(Hart& h, const Insn& i) {
  if (h.priv == Priv::U || (h.priv == Priv::S && (h.csr.mstatus & kTSR))) return h.raise_illegal(i);
  h.do_sret();
}

// WFI is illegal in U-mode, and in S-mode when TW is set (we never wait "a bounded time").
void wfi(Hart& h, const Insn& i) {
  if (h.priv == Priv::U || (h.priv == Priv::S && (h.csr.mstatus & kTW))) return h.raise_illegal(i);
  h.do_wfi();
}

// Zawrs: WRS.NTO and WRS.STO may end their stall "for any reason"; as QEMU does, they end it at
// once, dropping the reservation, and end the block so the hart looks at interrupts and other
// harts' requests. So they never reach the TW time limit that would make them illegal.
void wrs(Hart& h, const Insn&) {
  h.reservations().clear(h.hartid());
  h.lr.pa = ~0ull;
  h.pc += 4;
  h.end_block();
}

void sfence_vma(Hart& h, const Insn& i) {
  if (h.priv == Priv::U || (h.priv == Priv::S && (h.csr.mstatus & kTVM))) return h.raise_illegal(i);
  if (h.do_sfence_vma(h.x[i.rs1], h.x[i.rs2], i.rs1 == 0, i.rs2 == 0)) return next_insn_checked(h, i);
  h.pc += 4;
  h.end_block();
}

void fence_i(Hart& h, const Insn&) { h.do_fence_i(); }

// Svinval: sfence.w.inval and sfence.inval.ir order the invalidations around them; with TLBs
// that sinval.vma flushes at once there is nothing left to order.
void sfence_order(Hart& h, const Insn& i) {
  if (h.priv == Priv::U) return h.raise_illegal(i);
  return next_insn_checked(h, i);
}

}  // namespace

bool decode_privileged(uint32_t raw, Insn& insn) {
  if (enc::opcode(raw) == enc::op::kMiscMem && enc::funct3(raw) == 1) {
    insn.fn = fence_i;
    return true;
  }
  if (enc::opcode(raw) != enc::op::kSystem || enc::funct3(raw) != 0) return false;
  switch (raw) {
    case 0x00000073: insn.fn = ecall; return true;
    case 0x00100073: insn.fn = ebreak; return true;
    case 0x10200073: insn.fn = sret; return true;
    case 0x30200073: insn.fn = mret; return true;
    case 0x10500073: insn.fn = wfi; return true;
    case 0x00D00073:  // wrs.nto
    case 0x01D00073:  // wrs.sto
      insn.fn = wrs;
      return true;
    case 0x18000073:  // sfence.w.inval
    case 0x18100073:  // sfence.inval.ir
      insn.fn = sfence_order;
      return true;
    default: break;
  }
  // sfence.vma, and Svinval's sinval.vma which means the same here.
  if ((raw & 0xFE007FFF) == 0x12000073 || (raw & 0xFE007FFF) == 0x16000073) {
    insn.fn = sfence_vma;
    insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
    insn.rs2 = static_cast<InsnByte>(enc::rs2(raw));
    return true;
  }
  return false;
}

}  // namespace microvm::riscv
