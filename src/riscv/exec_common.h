// What the instruction-family files share: the register-register and register-immediate
// handler shapes, sign extension, and filling an Insn's register fields.
#pragma once

#include <cstdint>

#include "riscv/decode.h"
#include "riscv/encoding.h"
#include "riscv/hart.h"

namespace microvm::riscv {

constexpr uint64_t sext32(uint64_t v) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)));
}
constexpr uint64_t imm64(const Insn& i) { return static_cast<uint64_t>(static_cast<int64_t>(i.imm)); }

// rd = Op(rs1, rs2), and rd = Op(rs1, imm) (the immediate as decoded: a sign-extended value, a
// shift amount, or 0 for unary operations). The operation folds into the handler.
template <uint64_t (*Op)(uint64_t, uint64_t)>
void alu_rr(Hart& h, const Insn& i) {
  h.x[i.rd] = Op(h.x[i.rs1], h.x[i.rs2]);
  return next_insn(h, i);
}
template <uint64_t (*Op)(uint64_t, uint64_t)>
void alu_ri(Hart& h, const Insn& i) {
  h.x[i.rd] = Op(h.x[i.rs1], imm64(i));
  return next_insn(h, i);
}

// An R-type instruction's registers: rd (x0 becomes the sink), rs1, rs2.
inline void set_registers(Insn& insn, uint32_t raw) {
  insn.rd = dest(enc::rd(raw));
  insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
  insn.rs2 = static_cast<InsnByte>(enc::rs2(raw));
}

}  // namespace microvm::riscv
