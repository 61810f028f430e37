// F and D: single- and double-precision floating point (unprivileged spec chapters 11 and 12).
// The arithmetic is in fpu/; here are the register file rules around it:
// - mstatus.FS = Off makes every F/D instruction illegal, loads, stores and moves included;
//   writing an f register or raising a flag sets FS to Dirty (privileged spec 3.1.6.6).
// - rm = 7 takes frm; rm 5 and 6, or frm 5..7 when used, are illegal (unprivileged spec 11.2).
// - Single-precision values live NaN-boxed in the 64-bit f registers (unprivileged spec 12.2).
#include <type_traits>

#include "riscv/exec_common.h"
#include "riscv/fpu/fpu.h"

namespace microvm::riscv {
namespace {

using fpu::Bits;
using fpu::F32;
using fpu::F64;
using u64 = uint64_t;

template <typename F>
Bits<F> read(const Hart& h, unsigned reg) {
  if constexpr (std::is_same_v<F, F32>) {
    return fpu::unbox32(h.f[reg]);
  } else {
    return h.f[reg];
  }
}

template <typename F>
void write(Hart& h, unsigned reg, Bits<F> value) {
  if constexpr (std::is_same_v<F, F32>) {
    h.f[reg] = fpu::box32(value);
  } else {
    h.f[reg] = value;
  }
}

bool fs_off(const Hart& h) { return (h.csr.mstatus & mstatus_bits::kFS) == 0; }

// The rounding mode an instruction uses; false for a reserved one (decode already refused rm 5
// and 6, so only a dynamic rm with frm >= 5 is left).
bool rounding_mode(const Hart& h, const Insn& i, unsigned& rm) {
  rm = i.imm & 7;
  if (rm == 7) rm = h.csr.frm;
  return rm <= fpu::kRmm;
}

// FP illegal-instruction check for instructions with an rm field.
bool fp_usable(Hart& h, const Insn& i, unsigned& rm) {
  if (fs_off(h) || !rounding_mode(h, i, rm)) [[unlikely]] {
    h.raise_illegal(i);
    return false;
  }
  return true;
}
bool fp_usable(Hart& h, const Insn& i) {
  if (fs_off(h)) [[unlikely]] {
    h.raise_illegal(i);
    return false;
  }
  return true;
}

// An instruction that wrote an f register: accrue its flags, mark the FP state dirty. Handlers
// whose FPU call is out of line let it accrue straight into fflags (and pass 0 here): a local
// whose address escaped would keep the handler from ending in a jump (exec_common.h).
void retire_fp(Hart& h, const Insn& i, uint32_t flags) {
  h.csr.fflags |= flags;
  h.csr.mstatus |= mstatus_bits::kFS;
  return next_insn(h, i);
}
// An instruction that wrote only an integer register changes FP state only when it raises flags.
void retire_int(Hart& h, const Insn& i, uint32_t flags) {
  if (flags) {
    h.csr.fflags |= flags;
    h.csr.mstatus |= mstatus_bits::kFS;
  }
  return next_insn(h, i);
}

// --- Computation ---

template <typename F, Bits<F> (*Op)(Bits<F>, Bits<F>, unsigned, uint32_t&)>
void binary(Hart& h, const Insn& i) {
  unsigned rm;
  if (!fp_usable(h, i, rm)) return;
  write<F>(h, i.rd, Op(read<F>(h, i.rs1), read<F>(h, i.rs2), rm, h.csr.fflags));
  return retire_fp(h, i, 0);
}

template <typename F>
void fsqrt(Hart& h, const Insn& i) {
  unsigned rm;
  if (!fp_usable(h, i, rm)) return;
  write<F>(h, i.rd, fpu::sqrt<F>(read<F>(h, i.rs1), rm, h.csr.fflags));
  return retire_fp(h, i, 0);
}

// FMADD (+a*b + c), FMSUB (+a*b - c), FNMSUB (-a*b + c), FNMADD (-a*b - c): negating an
// operand is exact, so all four are one fused operation (unprivileged spec 11.6).
template <typename F, bool NegateProduct, bool NegateAddend>
void fused(Hart& h, const Insn& i) {
  unsigned rm;
  if (!fp_usable(h, i, rm)) return;
  const Bits<F> a = read<F>(h, i.rs1) ^ (NegateProduct ? F::kSign : 0);
  const Bits<F> c = read<F>(h, (i.imm >> 8) & 31) ^ (NegateAddend ? F::kSign : 0);
  write<F>(h, i.rd, fpu::fma<F>(a, read<F>(h, i.rs2), c, rm, h.csr.fflags));
  return retire_fp(h, i, 0);
}

template <typename F, fpu::SignInjection Kind>
void fsgnj(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  write<F>(h, i.rd, fpu::inject_sign<F, Kind>(read<F>(h, i.rs1), read<F>(h, i.rs2)));
  return retire_fp(h, i, 0);
}

template <typename F, bool Max>
void fmin_max(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  uint32_t flags = 0;
  write<F>(h, i.rd, fpu::min_max<F, Max>(read<F>(h, i.rs1), read<F>(h, i.rs2), flags));
  return retire_fp(h, i, flags);
}

template <typename F, fpu::Comparison Kind>
void fcompare(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  uint32_t flags = 0;
  h.x[i.rd] = fpu::compare<F, Kind>(read<F>(h, i.rs1), read<F>(h, i.rs2), flags);
  return retire_int(h, i, flags);
}

template <typename F>
void fclass(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  h.x[i.rd] = fpu::classify<F>(read<F>(h, i.rs1));
  return next_insn(h, i);
}

// --- Conversions and moves ---

template <typename F, bool Signed, unsigned Width>
void fcvt_to_int(Hart& h, const Insn& i) {
  unsigned rm;
  if (!fp_usable(h, i, rm)) return;
  uint32_t flags = 0;
  h.x[i.rd] = fpu::soft::to_int<F>(read<F>(h, i.rs1), Signed, Width, fpu::Rounding(rm), flags);
  return retire_int(h, i, flags);
}

template <typename F, bool Signed, unsigned Width>
void fcvt_from_int(Hart& h, const Insn& i) {
  unsigned rm;
  if (!fp_usable(h, i, rm)) return;
  u64 v = h.x[i.rs1];
  if (Width == 32) v = Signed ? sext32(v) : static_cast<uint32_t>(v);
  const bool negative = Signed && static_cast<int64_t>(v) < 0;
  write<F>(h, i.rd, fpu::soft::from_int<F>(negative ? 0 - v : v, negative, fpu::Rounding(rm), h.csr.fflags));
  return retire_fp(h, i, 0);
}

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
  return next_insn(h, i);
}
void fmv_x_d(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  h.x[i.rd] = h.f[i.rs1];
  return next_insn(h, i);
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

void flw(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  uint32_t v;
  if (!h.load<uint32_t>(h.x[i.rs1] + static_cast<u64>(static_cast<int64_t>(i.imm)), v)) return;
  h.f[i.rd] = fpu::box32(v);
  return retire_fp(h, i, 0);
}
void fld(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  u64 v;
  if (!h.load<u64>(h.x[i.rs1] + static_cast<u64>(static_cast<int64_t>(i.imm)), v)) return;
  h.f[i.rd] = v;
  return retire_fp(h, i, 0);
}
void fsw(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  if (!h.store<uint32_t>(h.x[i.rs1] + static_cast<u64>(static_cast<int64_t>(i.imm)),
                         static_cast<uint32_t>(h.f[i.rs2]))) {
    return;
  }
  return next_insn_checked(h, i);
}
void fsd(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  if (!h.store<u64>(h.x[i.rs1] + static_cast<u64>(static_cast<int64_t>(i.imm)), h.f[i.rs2])) return;
  return next_insn_checked(h, i);
}

// --- Decoding ---

constexpr bool reserved_rm(uint32_t rm) { return rm == 5 || rm == 6; }

// Per format (index 0 = S, 1 = D).
template <typename F>
struct Handlers {
  static constexpr Handler kArith[4] = {binary<F, fpu::add<F>>, binary<F, fpu::sub<F>>,
                                        binary<F, fpu::mul<F>>, binary<F, fpu::div<F>>};
  static constexpr Handler kFused[4] = {fused<F, false, false>, fused<F, false, true>, fused<F, true, false>,
                                        fused<F, true, true>};  // FMADD FMSUB FNMSUB FNMADD
  static constexpr Handler kSignInjection[3] = {fsgnj<F, fpu::SignInjection::kCopy>,
                                                fsgnj<F, fpu::SignInjection::kNegate>,
                                                fsgnj<F, fpu::SignInjection::kXor>};
  static constexpr Handler kMinMax[2] = {fmin_max<F, false>, fmin_max<F, true>};
  static constexpr Handler kCompare[3] = {fcompare<F, fpu::Comparison::kLe>,
                                          fcompare<F, fpu::Comparison::kLt>,
                                          fcompare<F, fpu::Comparison::kEq>};  // by funct3
  static constexpr Handler kToInt[4] = {fcvt_to_int<F, true, 32>, fcvt_to_int<F, false, 32>,
                                        fcvt_to_int<F, true, 64>, fcvt_to_int<F, false, 64>};  // by rs2
  static constexpr Handler kFromInt[4] = {fcvt_from_int<F, true, 32>, fcvt_from_int<F, false, 32>,
                                          fcvt_from_int<F, true, 64>, fcvt_from_int<F, false, 64>};
  static constexpr Handler kSqrt = fsqrt<F>;
  static constexpr Handler kClass = fclass<F>;
};

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
      insn.fn = f3 == 2 ? flw : fld;
      insn.imm = enc::imm_i(raw);
      return true;
    case enc::op::kStoreFp:
      if (f3 != 2 && f3 != 3) return false;
      insn.fn = f3 == 2 ? fsw : fsd;
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
