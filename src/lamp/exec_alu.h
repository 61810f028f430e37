// Integer arithmetic, logic, shifts and rotates (spec §1.3). Each function is one instruction's
// semantics; operands are read before rd is written, so rd may alias a source.
#pragma once

#include <bit>
#include <cstdint>

#include "lamp/core.h"
#include "lamp/flags.h"
#include "lamp/intc.h"
#include "lamp/isa.h"
#include "lamp/machine.h"

namespace microvm::lamp::exec {

inline void add(Core& c, const Insn& i) {
  const uint32_t a = c.r[i.rs1], b = c.r[i.rs2], v = a + b;
  c.r[i.rd] = v;
  c.flags = flags::add(c.flags, a, b, v);
}
inline void sub(Core& c, const Insn& i) {
  const uint32_t a = c.r[i.rs1], b = c.r[i.rs2], v = a - b;
  c.r[i.rd] = v;
  c.flags = flags::sub(c.flags, a, b, v);
}
inline void addi(Core& c, const Insn& i) {
  const uint32_t a = c.r[i.rs1], v = a + i.imm;
  c.r[i.rd] = v;
  c.flags = flags::add(c.flags, a, i.imm, v);
}
inline void subi(Core& c, const Insn& i) {
  const uint32_t a = c.r[i.rs1], v = a - i.imm;
  c.r[i.rd] = v;
  c.flags = flags::sub(c.flags, a, i.imm, v);
}
inline void inc(Core& c, const Insn& i) {
  const uint32_t a = c.r[i.rd], v = a + 1;
  c.r[i.rd] = v;
  c.flags = flags::add(c.flags, a, 1, v);
}
inline void cmp(Core& c, const Insn& i) {
  const uint32_t a = c.r[i.rd], b = c.r[i.rs1];
  c.flags = flags::sub(c.flags, a, b, a - b);
}
inline void cmpi(Core& c, const Insn& i) {
  const uint32_t a = c.r[i.rd];
  c.flags = flags::sub(c.flags, a, i.imm, a - i.imm);
}

// rd = value with LOGIC flags: the common tail of most instructions.
inline void set_logic(Core& c, uint8_t rd, uint32_t value) {
  c.r[rd] = value;
  c.flags = flags::logic(c.flags, value);
}

inline void mul(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1] * c.r[i.rs2]); }

// DIV/MOD by zero leave rd and the flags alone and raise vector 1 as pending on core 0, whichever
// core divided (spec §4). INT_MIN / -1 (host UB in the original) gives INT_MIN, remainder 0.
inline void div(Core& c, const Insn& i) {
  const int32_t a = static_cast<int32_t>(c.r[i.rs1]), b = static_cast<int32_t>(c.r[i.rs2]);
  if (b == 0) return c.machine().intc().raise(0, kVecDivideByZero);
  const int32_t q = (a == INT32_MIN && b == -1) ? INT32_MIN : a / b;
  set_logic(c, i.rd, static_cast<uint32_t>(q));
}
inline void mod(Core& c, const Insn& i) {
  const int32_t a = static_cast<int32_t>(c.r[i.rs1]), b = static_cast<int32_t>(c.r[i.rs2]);
  if (b == 0) return c.machine().intc().raise(0, kVecDivideByZero);
  const int32_t m = (b == -1) ? 0 : a % b;
  set_logic(c, i.rd, static_cast<uint32_t>(m));
}

inline void and_(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1] & c.r[i.rs2]); }
inline void or_(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1] | c.r[i.rs2]); }
inline void xor_(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1] ^ c.r[i.rs2]); }
inline void not_(Core& c, const Insn& i) { set_logic(c, i.rd, ~c.r[i.rs1]); }
inline void andi(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1] & i.imm); }
inline void ori(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1] | i.imm); }
inline void xori(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1] ^ i.imm); }
inline void mov(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1]); }
inline void movi(Core& c, const Insn& i) { set_logic(c, i.rd, i.imm); }

inline void shl(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1] << (c.r[i.rs2] & 31)); }
inline void shr(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1] >> (c.r[i.rs2] & 31)); }
inline void sar(Core& c, const Insn& i) {
  set_logic(c, i.rd, static_cast<uint32_t>(static_cast<int32_t>(c.r[i.rs1]) >> (c.r[i.rs2] & 31)));
}
inline void shli(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1] << (i.imm & 31)); }
inline void shri(Core& c, const Insn& i) { set_logic(c, i.rd, c.r[i.rs1] >> (i.imm & 31)); }
inline void rol(Core& c, const Insn& i) { set_logic(c, i.rd, std::rotl(c.r[i.rs1], static_cast<int>(c.r[i.rs2] & 31))); }
inline void ror(Core& c, const Insn& i) { set_logic(c, i.rd, std::rotr(c.r[i.rs1], static_cast<int>(c.r[i.rs2] & 31))); }
inline void roli(Core& c, const Insn& i) { set_logic(c, i.rd, std::rotl(c.r[i.rs1], static_cast<int>(i.imm & 31))); }
inline void rori(Core& c, const Insn& i) { set_logic(c, i.rd, std::rotr(c.r[i.rs1], static_cast<int>(i.imm & 31))); }

}  // namespace microvm::lamp::exec
