// What the floating-point instruction files share (exec_fd.cpp, exec_zfh.cpp, exec_zfa.cpp): the
// register file rules around the arithmetic in fpu/, and the handlers every format has.
// - mstatus.FS = Off makes every FP instruction illegal, loads, stores and moves included;
//   writing an f register or raising a flag sets FS to Dirty (privileged spec 3.1.6.6).
// - rm = 7 takes frm; rm 5 and 6, or frm 5..7 when used, are illegal (unprivileged spec 11.2).
// - Narrower values live NaN-boxed in the 64-bit f registers (unprivileged spec 12.2).
#pragma once

#include <type_traits>

#include "riscv/exec_common.h"
#include "riscv/fpu/fpu.h"

namespace microvm::riscv::fp {

using fpu::Bits;
using fpu::F16;
using fpu::F32;
using fpu::F64;
using u64 = uint64_t;

template <typename F>
Bits<F> read(const Hart& h, unsigned reg) {
  if constexpr (std::is_same_v<F, F16>) {
    return fpu::unbox16(h.f[reg]);
  } else if constexpr (std::is_same_v<F, F32>) {
    return fpu::unbox32(h.f[reg]);
  } else {
    return h.f[reg];
  }
}

template <typename F>
void write(Hart& h, unsigned reg, Bits<F> value) {
  if constexpr (std::is_same_v<F, F16>) {
    h.f[reg] = fpu::box16(value);
  } else if constexpr (std::is_same_v<F, F32>) {
    h.f[reg] = fpu::box32(value);
  } else {
    h.f[reg] = value;
  }
}

inline bool fs_off(const Hart& h) { return (h.csr.mstatus & mstatus_bits::kFS) == 0; }

// The rounding mode an instruction uses; false for a reserved one (decode already refused rm 5
// and 6, so only a dynamic rm with frm >= 5 is left).
inline bool rounding_mode(const Hart& h, const Insn& i, unsigned& rm) {
  rm = i.imm & 7;
  if (rm == 7) rm = h.csr.frm;
  return rm <= fpu::kRmm;
}

// FP illegal-instruction check for instructions with an rm field.
inline bool fp_usable(Hart& h, const Insn& i, unsigned& rm) {
  if (fs_off(h) || !rounding_mode(h, i, rm)) [[unlikely]] {
    h.raise_illegal(i);
    return false;
  }
  return true;
}
inline bool fp_usable(Hart& h, const Insn& i) {
  if (fs_off(h)) [[unlikely]] {
    h.raise_illegal(i);
    return false;
  }
  return true;
}

// RVC has FP loads and stores but no other FP instruction (ExpandCompressed.
// NoFloatingPointButLoadsAndStores checks every encoding), so the handlers of the rest are made for
// 4-byte instructions (Sized, exec_common.h); the loads pick their form.
constexpr unsigned kFpLen = 4;

// An instruction that wrote an f register: accrue its flags, mark the FP state dirty. Handlers
// whose FPU call is out of line let it accrue straight into fflags (and pass 0 here): a local
// whose address escaped would keep the handler from ending in a jump (exec_common.h).
template <unsigned Len = kFpLen>
inline void retire_fp(Hart& h, const Insn& i, uint32_t flags) {
  h.csr.fflags |= flags;
  h.csr.mstatus |= mstatus_bits::kFS;
  return next_insn<Len>(h, i);
}
// An instruction that wrote only an integer register changes FP state only when it raises flags.
inline void retire_int(Hart& h, const Insn& i, uint32_t flags) {
  if (flags) {
    h.csr.fflags |= flags;
    h.csr.mstatus |= mstatus_bits::kFS;
  }
  return next_insn<kFpLen>(h, i);
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
  return next_insn<kFpLen>(h, i);
}

// --- Conversions and moves ---

template <typename F, bool Signed, unsigned Width>
void fcvt_to_int(Hart& h, const Insn& i) {
  unsigned rm;
  if (!fp_usable(h, i, rm)) return;
  // Accrued straight into fflags (a local whose address escaped would keep this from a tail call).
  const uint32_t before = h.csr.fflags;
  h.x[i.rd] = fpu::soft::to_int<F>(read<F>(h, i.rs1), Signed, Width, fpu::Rounding(rm), h.csr.fflags);
  return retire_int(h, i, h.csr.fflags & ~before);
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

// FCVT between formats (Zfh's, with half precision on one side).
template <typename From, typename To>
void fcvt(Hart& h, const Insn& i) {
  unsigned rm;
  if (!fp_usable(h, i, rm)) return;
  write<To>(h, i.rd, fpu::soft::convert<From, To>(read<From>(h, i.rs1), fpu::Rounding(rm), h.csr.fflags));
  return retire_fp(h, i, 0);
}

constexpr bool reserved_rm(uint32_t rm) { return rm == 5 || rm == 6; }

// The handlers of one format, for the decoders.
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

}  // namespace microvm::riscv::fp
