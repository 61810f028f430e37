// F and D: single- and double-precision floating point (unprivileged spec chapters 11 and 12).
// The shared rules and handlers are in exec_fp.h; here are what only S and D have (their
// conversion into each other, moves, loads and stores) and their decoding.
#include "riscv/exec_fp.h"

namespace microvm::riscv {
namespace {

using namespace fp;

void fcvt_s_d(Hart& h, const Insn& i) {
  unsigned rm;
  if (!fp_usable(h, i, rm)) return;
  write<F32>(h, i.rd, fpu::soft::narrow(read<F64>(h, i.rs1), fpu::Rounding(rm), h.csr.fflags));
  return retire_fp(h, i, 0);
}

void fcvt_d_s(Hart& h, const Insn& i) {
  unsigned rm;
  if (!fp_usable(h, i, rm)) return;  // exact, but the rm field is still checked
  write<F64>(h, i.rd, fpu::soft::widen(read<F32>(h, i.rs1), h.csr.fflags));
  return retire_fp(h, i, 0);
}

// FMV.X.W copies the low 32 bits as they are (no NaN-box check), sign-extended; FMV.W.X boxes.
void fmv_x_w(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  h.x[i.rd] = sext32(h.f[i.rs1]);
  return next_insn<kFpLen>(h, i);
}
void fmv_x_d(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  h.x[i.rd] = h.f[i.rs1];
  return next_insn<kFpLen>(h, i);
}
void fmv_w_x(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  h.f[i.rd] = fpu::box32(static_cast<uint32_t>(h.x[i.rs1]));
  return retire_fp(h, i, 0);
}
void fmv_d_x(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  h.f[i.rd] = h.x[i.rs1];
  return retire_fp(h, i, 0);
}

// --- Loads and stores: the bits move unchanged; FLW boxes, FSW stores the low word. ---

template <unsigned Len>
void flw(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  uint32_t v;
  if (!h.load<uint32_t>(h.x[i.rs1] + static_cast<u64>(static_cast<int64_t>(i.imm)), v)) return;
  h.f[i.rd] = fpu::box32(v);
  return retire_fp<Len>(h, i, 0);
}
template <unsigned Len>
void fld(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  u64 v;
  if (!h.load<u64>(h.x[i.rs1] + static_cast<u64>(static_cast<int64_t>(i.imm)), v)) return;
  h.f[i.rd] = v;
  return retire_fp<Len>(h, i, 0);
}
template <unsigned Len>
void fsw(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  if (!h.store<uint32_t>(h.x[i.rs1] + static_cast<u64>(static_cast<int64_t>(i.imm)),
                         static_cast<uint32_t>(h.f[i.rs2]))) {
    return;
  }
  return next_insn_unless_ended<Len>(h, i);
}
template <unsigned Len>
void fsd(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  if (!h.store<u64>(h.x[i.rs1] + static_cast<u64>(static_cast<int64_t>(i.imm)), h.f[i.rs2])) return;
  return next_insn_unless_ended<Len>(h, i);
}

// --- Decoding ---

template <typename F>
bool decode_op_fp(uint32_t raw, Insn& insn) {
  using H = Handlers<F>;
  constexpr bool kDouble = std::is_same_v<F, F64>;
  const uint32_t f3 = enc::funct3(raw), rs2 = enc::rs2(raw);
  switch (raw >> 27) {  // funct5
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
    case 0x08:  // FCVT.S.D (rs2 = D) / FCVT.D.S (rs2 = S)
      if (rs2 != (kDouble ? 0u : 1u) || reserved_rm(f3)) return false;
      insn.fn = kDouble ? fcvt_d_s : fcvt_s_d;
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
      insn.fn = f3 == 1 ? H::kClass : (kDouble ? fmv_x_d : fmv_x_w);
      insn.rd = dest(enc::rd(raw));
      return true;
    case 0x1E:
      if (rs2 != 0 || f3 != 0) return false;
      insn.fn = kDouble ? fmv_d_x : fmv_w_x;
      return true;
    default: return false;
  }
}

}  // namespace

bool decode_fd(uint32_t raw, Insn& insn) {
  const uint32_t opcode = enc::opcode(raw), f3 = enc::funct3(raw);
  const uint32_t fmt = (raw >> 25) & 3;  // 0 = S, 1 = D; H and Q are not implemented
  if (opcode != enc::op::kLoadFp && opcode != enc::op::kStoreFp && opcode != enc::op::kOpFp &&
      (opcode & 0x73) != enc::op::kMadd) {
    return false;
  }
  insn.rd = static_cast<InsnByte>(enc::rd(raw));  // an f register unless the handler writes x
  insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
  insn.rs2 = static_cast<InsnByte>(enc::rs2(raw));
  switch (opcode) {
    case enc::op::kLoadFp:
      if (f3 != 2 && f3 != 3) return false;
      insn.fn = (f3 == 2 ? Sized{flw<2>, flw<4>} : Sized{fld<2>, fld<4>}).pick(insn);
      insn.imm = enc::imm_i(raw);
      return true;
    case enc::op::kStoreFp:
      if (f3 != 2 && f3 != 3) return false;
      insn.fn = (f3 == 2 ? Sized{fsw<2>, fsw<4>} : Sized{fsd<2>, fsd<4>}).pick(insn);
      insn.imm = enc::imm_s(raw);
      return true;
    case enc::op::kMadd:
    case enc::op::kMsub:
    case enc::op::kNmsub:
    case enc::op::kNmadd: {
      if (fmt > 1 || reserved_rm(f3)) return false;
      const unsigned kind = (opcode - enc::op::kMadd) >> 2;
      insn.fn = fmt == 0 ? Handlers<F32>::kFused[kind] : Handlers<F64>::kFused[kind];
      insn.imm = static_cast<int32_t>(f3 | (enc::rs3(raw) << 8));
      return true;
    }
    case enc::op::kOpFp:
      if (fmt > 1) return false;
      insn.imm = static_cast<int32_t>(f3);
      return fmt == 0 ? decode_op_fp<F32>(raw, insn) : decode_op_fp<F64>(raw, insn);
    default: return false;
  }
}

}  // namespace microvm::riscv
