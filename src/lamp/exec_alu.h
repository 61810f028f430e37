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

LAMP_INLINE void add(Core& c, IpAndFlags& live, Fields i) {
  const uint32_t a = c.r[i.rs1()], b = c.r[i.rs2()], v = a + b;
  c.r[i.rd()] = v;
  live.set_add(a, v);
}
LAMP_INLINE void sub(Core& c, IpAndFlags& live, Fields i) {
  const uint32_t a = c.r[i.rs1()], b = c.r[i.rs2()], v = a - b;
  c.r[i.rd()] = v;
  live.set_sub(a, v);
}
LAMP_INLINE void addi(Core& c, IpAndFlags& live, Fields i) {
  const uint32_t a = c.r[i.rs1()], v = a + i.imm();
  c.r[i.rd()] = v;
  live.set_add(a, v);
}
LAMP_INLINE void subi(Core& c, IpAndFlags& live, Fields i) {
  const uint32_t a = c.r[i.rs1()], v = a - i.imm();
  c.r[i.rd()] = v;
  live.set_sub(a, v);
}
LAMP_INLINE void inc(Core& c, IpAndFlags& live, Fields i) {
  const uint32_t a = c.r[i.rd()], v = a + 1;
  c.r[i.rd()] = v;
  live.set_add(a, v);
}
LAMP_INLINE void cmp(Core& c, IpAndFlags& live, Fields i) {
  const uint32_t a = c.r[i.rd()], b = c.r[i.rs1()];
  live.set_sub(a, a - b);
}
LAMP_INLINE void cmpi(Core& c, IpAndFlags& live, Fields i) {
  const uint32_t a = c.r[i.rd()];
  live.set_sub(a, a - i.imm());
}

// rd = value with LOGIC flags: the common tail of most instructions.
LAMP_INLINE void write_logic(Core& c, IpAndFlags& live, uint8_t rd, uint32_t value) {
  c.r[rd] = value;
  live.set_logic(value);
}

LAMP_INLINE void mul(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), c.r[i.rs1()] * c.r[i.rs2()]);
}

// DIV/MOD by zero leave rd and the flags alone and raise vector 1 as pending on core 0, whichever
// core divided (spec §4). INT_MIN / -1 (host UB in the original) gives INT_MIN, remainder 0.
LAMP_INLINE void div(Core& c, IpAndFlags& live, Fields i) {
  const int32_t a = static_cast<int32_t>(c.r[i.rs1()]), b = static_cast<int32_t>(c.r[i.rs2()]);
  if (b == 0) return c.machine().intc().raise(0, kVecDivideByZero);
  const int32_t q = (a == INT32_MIN && b == -1) ? INT32_MIN : a / b;
  write_logic(c, live, i.rd(), static_cast<uint32_t>(q));
}
LAMP_INLINE void mod(Core& c, IpAndFlags& live, Fields i) {
  const int32_t a = static_cast<int32_t>(c.r[i.rs1()]), b = static_cast<int32_t>(c.r[i.rs2()]);
  if (b == 0) return c.machine().intc().raise(0, kVecDivideByZero);
  const int32_t m = (b == -1) ? 0 : a % b;
  write_logic(c, live, i.rd(), static_cast<uint32_t>(m));
}

LAMP_INLINE void and_(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), c.r[i.rs1()] & c.r[i.rs2()]);
}
LAMP_INLINE void or_(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), c.r[i.rs1()] | c.r[i.rs2()]);
}
LAMP_INLINE void xor_(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), c.r[i.rs1()] ^ c.r[i.rs2()]);
}
LAMP_INLINE void not_(Core& c, IpAndFlags& live, Fields i) { write_logic(c, live, i.rd(), ~c.r[i.rs1()]); }
LAMP_INLINE void andi(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), c.r[i.rs1()] & i.imm());
}
LAMP_INLINE void ori(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), c.r[i.rs1()] | i.imm());
}
LAMP_INLINE void xori(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), c.r[i.rs1()] ^ i.imm());
}
LAMP_INLINE void mov(Core& c, IpAndFlags& live, Fields i) { write_logic(c, live, i.rd(), c.r[i.rs1()]); }
LAMP_INLINE void movi(Core& c, IpAndFlags& live, Fields i) { write_logic(c, live, i.rd(), i.imm()); }

LAMP_INLINE void shl(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), c.r[i.rs1()] << (c.r[i.rs2()] & 31));
}
LAMP_INLINE void shr(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), c.r[i.rs1()] >> (c.r[i.rs2()] & 31));
}
LAMP_INLINE void sar(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(),
              static_cast<uint32_t>(static_cast<int32_t>(c.r[i.rs1()]) >> (c.r[i.rs2()] & 31)));
}
LAMP_INLINE void shli(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), c.r[i.rs1()] << (i.imm() & 31));
}
LAMP_INLINE void shri(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), c.r[i.rs1()] >> (i.imm() & 31));
}
LAMP_INLINE void rol(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), std::rotl(c.r[i.rs1()], static_cast<int>(c.r[i.rs2()] & 31)));
}
LAMP_INLINE void ror(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), std::rotr(c.r[i.rs1()], static_cast<int>(c.r[i.rs2()] & 31)));
}
LAMP_INLINE void roli(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), std::rotl(c.r[i.rs1()], static_cast<int>(i.imm() & 31)));
}
LAMP_INLINE void rori(Core& c, IpAndFlags& live, Fields i) {
  write_logic(c, live, i.rd(), std::rotr(c.r[i.rs1()], static_cast<int>(i.imm() & 31)));
}

}  // namespace microvm::lamp::exec
