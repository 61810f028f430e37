// Zfhmin and Zfh: half precision (unprivileged spec chapter 20). Zfhmin is the loads, stores,
// moves and conversions to and from S and D; Zfh adds the arithmetic, which is the F handlers
// (exec_fp.h) instantiated for binary16 on the software FPU. Half values are NaN-boxed.
#include "riscv/exec_fp.h"

namespace microvm::riscv {
namespace {

using namespace fp;

void flh(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  uint16_t v;
  if (!h.load<uint16_t>(h.x[i.rs1] + imm64(i), v)) return;
  h.f[i.rd] = fpu::box16(v);
  return retire_fp(h, i, 0);
}
void fsh(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  if (!h.store<uint16_t>(h.x[i.rs1] + imm64(i), static_cast<uint16_t>(h.f[i.rs2]))) return;
  return next_insn_unless_ended<kFpLen>(h, i);
}

// FMV.X.H copies the low 16 bits as they are, sign-extended; FMV.H.X boxes.
void fmv_x_h(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  h.x[i.rd] = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(h.f[i.rs1])));
  return next_insn<kFpLen>(h, i);
}
void fmv_h_x(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  h.f[i.rd] = fpu::box16(static_cast<uint16_t>(h.x[i.rs1]));
  return retire_fp(h, i, 0);
}

// FCVT.{S,D}.H and FCVT.H.{S,D}: rs2 names the source format, bits 26:25 the destination.
Handler conversion(uint32_t to, uint32_t from) {
  if (to == 2 && from == 0) return fcvt<F32, F16>;
  if (to == 2 && from == 1) return fcvt<F64, F16>;
  if (to == 0 && from == 2) return fcvt<F16, F32>;
  if (to == 1 && from == 2) return fcvt<F16, F64>;
  return nullptr;
}

// The OP-FP instructions with fmt = H that F has for S (decode_op_fp in exec_fd.cpp for S/D).
bool decode_op_h(uint32_t raw, Insn& insn) {
  using H = Handlers<F16>;
  const uint32_t f3 = enc::funct3(raw), rs2 = enc::rs2(raw);
  switch (raw >> 27) {
    case 0x00:
    case 0x01:
    case 0x02:
    case 0x03:
      if (reserved_rm(f3)) return false;
      insn.fn = H::kArith[raw >> 27];
      return true;
    case 0x0B:
      if (rs2 != 0 || reserved_rm(f3)) return false;
      insn.fn = H::kSqrt;
      return true;
    case 0x04:
      if (f3 > 2) return false;
      insn.fn = H::kSignInjection[f3];
      return true;
    case 0x05:
      if (f3 > 1) return false;
      insn.fn = H::kMinMax[f3];
      return true;
    case 0x14:
      if (f3 > 2) return false;
      insn.fn = H::kCompare[f3];
      insn.rd = dest(enc::rd(raw));
      return true;
    case 0x18:
      if (rs2 > 3 || reserved_rm(f3)) return false;
      insn.fn = H::kToInt[rs2];
      insn.rd = dest(enc::rd(raw));
      return true;
    case 0x1A:
      if (rs2 > 3 || reserved_rm(f3)) return false;
      insn.fn = H::kFromInt[rs2];
      return true;
    case 0x1C:
      if (rs2 != 0 || f3 > 1) return false;
      insn.fn = f3 == 1 ? H::kClass : fmv_x_h;
      insn.rd = dest(enc::rd(raw));
      return true;
    case 0x1E:
      if (rs2 != 0 || f3 != 0) return false;
      insn.fn = fmv_h_x;
      return true;
    default: return false;
  }
}

bool is_conversion(uint32_t raw) { return enc::opcode(raw) == enc::op::kOpFp && (raw >> 27) == 0x08; }

}  // namespace

bool decode_zfh(uint32_t raw, Insn& insn) {
  const uint32_t opcode = enc::opcode(raw), f3 = enc::funct3(raw), fmt = (raw >> 25) & 3;
  insn.rd = static_cast<InsnByte>(enc::rd(raw));
  insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
  insn.rs2 = static_cast<InsnByte>(enc::rs2(raw));
  switch (opcode) {
    case enc::op::kLoadFp:
      if (f3 != 1) return false;
      insn.fn = flh;
      insn.imm = enc::imm_i(raw);
      return true;
    case enc::op::kStoreFp:
      if (f3 != 1) return false;
      insn.fn = fsh;
      insn.imm = enc::imm_s(raw);
      return true;
    case enc::op::kMadd:
    case enc::op::kMsub:
    case enc::op::kNmsub:
    case enc::op::kNmadd:
      if (fmt != 2 || reserved_rm(f3)) return false;
      insn.fn = Handlers<F16>::kFused[(opcode - enc::op::kMadd) >> 2];
      insn.imm = static_cast<int32_t>(f3 | (enc::rs3(raw) << 8));
      return true;
    case enc::op::kOpFp:
      insn.imm = static_cast<int32_t>(f3);
      if (is_conversion(raw)) {
        insn.fn = conversion(fmt, enc::rs2(raw));
        return insn.fn != nullptr && !reserved_rm(f3);
      }
      return fmt == 2 && decode_op_h(raw, insn);
    default: return false;
  }
}

// Zfhmin is what moves half values in and out: loads, stores, FMV and the conversions to and
// from S and D (those with D also need D: zfh_also).
Ext zfh_extension(uint32_t raw) {
  const uint32_t opcode = enc::opcode(raw), funct5 = raw >> 27;
  if (opcode == enc::op::kLoadFp || opcode == enc::op::kStoreFp) return Ext::kZfhmin;
  if (opcode == enc::op::kOpFp &&
      (funct5 == 0x08 || funct5 == 0x1E || (funct5 == 0x1C && enc::funct3(raw) == 0)))
    return Ext::kZfhmin;
  return Ext::kZfh;
}
Ext zfh_also(uint32_t raw) {
  if (is_conversion(raw) && (((raw >> 25) & 3) == 1 || enc::rs2(raw) == 1)) return Ext::kD;
  return Ext::kF;
}

}  // namespace microvm::riscv
