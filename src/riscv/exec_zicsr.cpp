// Zicsr: CSRRW/CSRRS/CSRRC and their immediate forms (unprivileged spec chapter 9). Which CSRs
// exist and what they accept is csr.cpp's business; here are the read/write rules of the
// instructions themselves.
#include "riscv/decode.h"
#include "riscv/encoding.h"
#include "riscv/exec_common.h"
#include "riscv/hart.h"

namespace microvm::riscv {
namespace {

enum class CsrOp { kWrite, kSet, kClear };

// insn.rs1 holds the source register, or the 5-bit immediate for the I forms.
template <CsrOp Op, bool Immediate>
void csr_instruction(Hart& h, const Insn& i) {
  const uint16_t number = static_cast<uint16_t>(i.imm);
  const uint64_t source = Immediate ? uint64_t{i.rs1} : h.x[i.rs1];
  // CSRRS/CSRRC with x0 (or a zero immediate) do not write, so they may read read-only CSRs.
  const bool writes = Op == CsrOp::kWrite || i.rs1 != 0;
  if (writes && h.csr_read_only(number)) {
    h.raise_illegal(i);
    return;
  }
  // csr_read writes through a reference: into the x0 sink (never read), not a local, whose
  // escaping address would keep this handler from ending in a jump (exec_common.h).
  if (!h.csr_read(number, h.x[kZeroSink])) {
    h.raise_illegal(i);
    return;
  }
  const uint64_t old = h.x[kZeroSink];
  if (writes) {
    const uint64_t base = h.csr_rmw_base(number, old);
    const uint64_t value = Op == CsrOp::kWrite ? source : Op == CsrOp::kSet ? base | source : base & ~source;
    if (!h.csr_write(number, value)) {
      h.raise_illegal(i);
      return;
    }
  }
  h.x[i.rd] = old;
  return next_insn_checked(h, i);
}

}  // namespace

bool decode_zicsr(uint32_t raw, Insn& insn) {
  if (enc::opcode(raw) != enc::op::kSystem) return false;
  static constexpr Handler kOps[] = {nullptr,
                                     csr_instruction<CsrOp::kWrite, false>,
                                     csr_instruction<CsrOp::kSet, false>,
                                     csr_instruction<CsrOp::kClear, false>,
                                     nullptr,
                                     csr_instruction<CsrOp::kWrite, true>,
                                     csr_instruction<CsrOp::kSet, true>,
                                     csr_instruction<CsrOp::kClear, true>};
  const Handler fn = kOps[enc::funct3(raw)];
  if (!fn) return false;
  insn.fn = fn;
  insn.rd = dest(enc::rd(raw));
  insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
  insn.imm = static_cast<int32_t>(raw >> 20);
  return true;
}

}  // namespace microvm::riscv
