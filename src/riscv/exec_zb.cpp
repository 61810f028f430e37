// Bit manipulation (Zba, Zbb, Zbc, Zbs: unprivileged spec chapter 28) and Zicond
// (conditional zero), RV64 forms.
#include <bit>

#include "riscv/exec_common.h"

namespace microvm::riscv {
namespace {

using u64 = uint64_t;
using i64 = int64_t;

template <u64 (*Op)(u64, u64)>
constexpr const Sized* rr = &kAluRR<Op>;
// Unary and immediate forms take the immediate (shift amount, or 0) as the second operand.
template <u64 (*Op)(u64, u64)>
constexpr const Sized* ri = &kAluRI<Op>;

// Zba: address generation.
constexpr u64 add_uw(u64 a, u64 b) { return (a & 0xFFFFFFFF) + b; }
constexpr u64 sh1add(u64 a, u64 b) { return (a << 1) + b; }
constexpr u64 sh2add(u64 a, u64 b) { return (a << 2) + b; }
constexpr u64 sh3add(u64 a, u64 b) { return (a << 3) + b; }
constexpr u64 sh1add_uw(u64 a, u64 b) { return ((a & 0xFFFFFFFF) << 1) + b; }
constexpr u64 sh2add_uw(u64 a, u64 b) { return ((a & 0xFFFFFFFF) << 2) + b; }
constexpr u64 sh3add_uw(u64 a, u64 b) { return ((a & 0xFFFFFFFF) << 3) + b; }
constexpr u64 slli_uw(u64 a, u64 shamt) { return (a & 0xFFFFFFFF) << shamt; }

// Zbb: basic bit manipulation.
constexpr u64 andn(u64 a, u64 b) { return a & ~b; }
constexpr u64 orn(u64 a, u64 b) { return a | ~b; }
constexpr u64 xnor(u64 a, u64 b) { return ~(a ^ b); }
constexpr u64 clz(u64 a, u64) { return static_cast<u64>(std::countl_zero(a)); }
constexpr u64 ctz(u64 a, u64) { return static_cast<u64>(std::countr_zero(a)); }
constexpr u64 cpop(u64 a, u64) { return static_cast<u64>(std::popcount(a)); }
constexpr u64 clzw(u64 a, u64) { return static_cast<u64>(std::countl_zero(static_cast<uint32_t>(a))); }
constexpr u64 ctzw(u64 a, u64) { return static_cast<u64>(std::countr_zero(static_cast<uint32_t>(a))); }
constexpr u64 cpopw(u64 a, u64) { return static_cast<u64>(std::popcount(static_cast<uint32_t>(a))); }
constexpr u64 max(u64 a, u64 b) { return static_cast<i64>(a) < static_cast<i64>(b) ? b : a; }
constexpr u64 maxu(u64 a, u64 b) { return a < b ? b : a; }
constexpr u64 min(u64 a, u64 b) { return static_cast<i64>(a) < static_cast<i64>(b) ? a : b; }
constexpr u64 minu(u64 a, u64 b) { return a < b ? a : b; }
constexpr u64 sext_b(u64 a, u64) { return static_cast<u64>(static_cast<i64>(static_cast<int8_t>(a))); }
constexpr u64 sext_h(u64 a, u64) { return static_cast<u64>(static_cast<i64>(static_cast<int16_t>(a))); }
constexpr u64 zext_h(u64 a, u64) { return a & 0xFFFF; }
constexpr u64 rol(u64 a, u64 b) { return std::rotl(a, static_cast<int>(b & 63)); }
constexpr u64 ror(u64 a, u64 b) { return std::rotr(a, static_cast<int>(b & 63)); }
constexpr u64 rolw(u64 a, u64 b) {
  return sext32(std::rotl(static_cast<uint32_t>(a), static_cast<int>(b & 31)));
}
constexpr u64 rorw(u64 a, u64 b) {
  return sext32(std::rotr(static_cast<uint32_t>(a), static_cast<int>(b & 31)));
}
constexpr u64 orc_b(u64 a, u64) {
  u64 r = 0;
  for (int byte = 0; byte < 8; ++byte) {
    if ((a >> (8 * byte)) & 0xFF) r |= 0xFFull << (8 * byte);
  }
  return r;
}
constexpr u64 rev8(u64 a, u64) { return __builtin_bswap64(a); }

// Zbc: carry-less multiplication.
constexpr u64 clmul(u64 a, u64 b) {
  u64 r = 0;
  for (int i = 0; i < 64; ++i) {
    if ((b >> i) & 1) r ^= a << i;
  }
  return r;
}
constexpr u64 clmulh(u64 a, u64 b) {
  u64 r = 0;
  for (int i = 1; i < 64; ++i) {
    if ((b >> i) & 1) r ^= a >> (64 - i);
  }
  return r;
}
constexpr u64 clmulr(u64 a, u64 b) {
  u64 r = 0;
  for (int i = 0; i < 64; ++i) {
    if ((b >> i) & 1) r ^= a >> (63 - i);
  }
  return r;
}

// Zbs: single bits.
constexpr u64 bclr(u64 a, u64 b) { return a & ~(1ull << (b & 63)); }
constexpr u64 bext(u64 a, u64 b) { return (a >> (b & 63)) & 1; }
constexpr u64 binv(u64 a, u64 b) { return a ^ (1ull << (b & 63)); }
constexpr u64 bset(u64 a, u64 b) { return a | (1ull << (b & 63)); }

// Zicond.
constexpr u64 czero_eqz(u64 a, u64 b) { return b == 0 ? 0 : a; }
constexpr u64 czero_nez(u64 a, u64 b) { return b != 0 ? 0 : a; }

const Sized* decode_op(uint32_t f7, uint32_t f3) {
  switch (f7) {
    case 0x05:  // min/max and clmul
      switch (f3) {
        case 1: return rr<clmul>;
        case 2: return rr<clmulr>;
        case 3: return rr<clmulh>;
        case 4: return rr<min>;
        case 5: return rr<minu>;
        case 6: return rr<max>;
        case 7: return rr<maxu>;
        default: return nullptr;
      }
    case 0x07: return f3 == 5 ? rr<czero_eqz> : f3 == 7 ? rr<czero_nez> : nullptr;
    case 0x10: return f3 == 2 ? rr<sh1add> : f3 == 4 ? rr<sh2add> : f3 == 6 ? rr<sh3add> : nullptr;
    case 0x14: return f3 == 1 ? rr<bset> : nullptr;
    case 0x20: return f3 == 4 ? rr<xnor> : f3 == 6 ? rr<orn> : f3 == 7 ? rr<andn> : nullptr;
    case 0x24: return f3 == 1 ? rr<bclr> : f3 == 5 ? rr<bext> : nullptr;
    case 0x30: return f3 == 1 ? rr<rol> : f3 == 5 ? rr<ror> : nullptr;
    case 0x34: return f3 == 1 ? rr<binv> : nullptr;
    default: return nullptr;
  }
}

const Sized* decode_op32(uint32_t f7, uint32_t f3, uint32_t rs2) {
  switch (f7) {
    case 0x04:
      if (f3 == 0) return rr<add_uw>;
      if (f3 == 4 && rs2 == 0) return ri<zext_h>;
      return nullptr;
    case 0x10: return f3 == 2 ? rr<sh1add_uw> : f3 == 4 ? rr<sh2add_uw> : f3 == 6 ? rr<sh3add_uw> : nullptr;
    case 0x30: return f3 == 1 ? rr<rolw> : f3 == 5 ? rr<rorw> : nullptr;
    default: return nullptr;
  }
}

// OP-IMM with funct3 1 or 5: the top six immediate bits select the operation, the low six are a
// shift amount or, for the unary operations, a sub-opcode.
const Sized* decode_op_imm(uint32_t f3, uint32_t imm, int32_t& operand) {
  const uint32_t top6 = imm >> 6, shamt = imm & 63;
  operand = static_cast<int32_t>(shamt);
  if (f3 == 1) {
    if (imm == 0x600) return ri<clz>;
    if (imm == 0x601) return ri<ctz>;
    if (imm == 0x602) return ri<cpop>;
    if (imm == 0x604) return ri<sext_b>;
    if (imm == 0x605) return ri<sext_h>;
    if (top6 == 0x12) return ri<bclr>;
    if (top6 == 0x1A) return ri<binv>;
    if (top6 == 0x0A) return ri<bset>;
    return nullptr;
  }
  if (imm == 0x287) return ri<orc_b>;
  if (imm == 0x6B8) return ri<rev8>;
  if (top6 == 0x18) return ri<ror>;
  if (top6 == 0x12) return ri<bext>;
  return nullptr;
}

const Sized* decode_op_imm32(uint32_t f3, uint32_t imm, int32_t& operand) {
  const uint32_t top7 = imm >> 5;
  operand = static_cast<int32_t>(imm & 31);
  if (f3 == 1) {
    if (imm == 0x600) return ri<clzw>;
    if (imm == 0x601) return ri<ctzw>;
    if (imm == 0x602) return ri<cpopw>;
    if ((imm >> 6) == 0x02) {  // slli.uw takes a 6-bit shift
      operand = static_cast<int32_t>(imm & 63);
      return ri<slli_uw>;
    }
    return nullptr;
  }
  if (f3 == 5 && top7 == 0x30) return ri<rorw>;
  return nullptr;
}

}  // namespace

bool decode_zb(uint32_t raw, Insn& insn) {
  const uint32_t f3 = enc::funct3(raw), f7 = enc::funct7(raw);
  const uint32_t imm = raw >> 20;
  const Sized* fn = nullptr;
  int32_t operand = 0;
  switch (enc::opcode(raw)) {
    case enc::op::kOp: fn = decode_op(f7, f3); break;
    case enc::op::kOp32: fn = decode_op32(f7, f3, enc::rs2(raw)); break;
    case enc::op::kOpImm:
      if (f3 == 1 || f3 == 5) fn = decode_op_imm(f3, imm, operand);
      break;
    case enc::op::kOpImm32:
      if (f3 == 1 || f3 == 5) fn = decode_op_imm32(f3, imm, operand);
      break;
    default: break;
  }
  if (!fn) return false;
  insn.fn = fn->pick(insn);
  set_registers(insn, raw);
  insn.imm = operand;
  return true;
}

Ext zb_extension(uint32_t raw) {
  const uint32_t f3 = enc::funct3(raw), f7 = enc::funct7(raw), top6 = raw >> 26;
  switch (enc::opcode(raw)) {
    case enc::op::kOp:
      if (f7 == 0x05 && f3 <= 3) return Ext::kZbc;
      if (f7 == 0x07) return Ext::kZicond;
      if (f7 == 0x10) return Ext::kZba;
      if (f7 == 0x14 || f7 == 0x24 || f7 == 0x34) return Ext::kZbs;
      return Ext::kZbb;
    case enc::op::kOp32:
      if (f7 == 0x10 || (f7 == 0x04 && f3 == 0)) return Ext::kZba;
      return Ext::kZbb;
    case enc::op::kOpImm:
      if (f3 == 1 && (top6 == 0x12 || top6 == 0x1A || top6 == 0x0A)) return Ext::kZbs;  // bclri binvi bseti
      if (f3 == 5 && top6 == 0x12) return Ext::kZbs;                                    // bexti
      return Ext::kZbb;
    case enc::op::kOpImm32:
      if (f3 == 1 && top6 == 0x02) return Ext::kZba;  // slli.uw
      return Ext::kZbb;
    default: return Ext::kZbb;
  }
}

}  // namespace microvm::riscv
