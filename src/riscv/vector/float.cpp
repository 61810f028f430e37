// Vector floating point (RVV 1.0 section 13): arithmetic, fused multiply-adds, their widening
// forms, min/max, sign injection, compares, merges and moves, vfslide1up/down, and the FP
// reductions (section 14.3-14.4). Conversions and the unary group are in float_convert.cpp.
#include "riscv/vector/float.h"

namespace microvm::riscv::vec::fp {
namespace {

using u64 = uint64_t;
using fpu::soft::widen;

// An element operation on format F: a = vs2[i], b = vs1[i] or f[rs1], d = the old vd[i].
#define FP_KERNEL(name, expr)                                                          \
  struct name {                                                                        \
    template <typename F>                                                              \
    static Bits<F> op(Bits<F> a, Bits<F> b, Bits<F> d, unsigned rm, uint32_t& flags) { \
      (void)a, (void)b, (void)d, (void)rm, (void)flags;                                \
      return expr;                                                                     \
    }                                                                                  \
  };
FP_KERNEL(Add, fpu::add<F>(a, b, rm, flags))
FP_KERNEL(Sub, fpu::sub<F>(a, b, rm, flags))
FP_KERNEL(RSub, fpu::sub<F>(b, a, rm, flags))
FP_KERNEL(Mul, fpu::mul<F>(a, b, rm, flags))
FP_KERNEL(Div, fpu::div<F>(a, b, rm, flags))
FP_KERNEL(RDiv, fpu::div<F>(b, a, rm, flags))
FP_KERNEL(Min, (fpu::min_max<F, false>(a, b, flags)))
FP_KERNEL(Max, (fpu::min_max<F, true>(a, b, flags)))
FP_KERNEL(Sgnj, (fpu::inject_sign<F, fpu::SignInjection::kCopy>(a, b)))
FP_KERNEL(Sgnjn, (fpu::inject_sign<F, fpu::SignInjection::kNegate>(a, b)))
FP_KERNEL(Sgnjx, (fpu::inject_sign<F, fpu::SignInjection::kXor>(a, b)))
// Multiply-adds (section 13.6): negating an operand is exact, so each is one fused operation.
FP_KERNEL(Macc, fpu::fma<F>(b, a, d, rm, flags))                         // +(vs1*vs2) + vd
FP_KERNEL(Nmacc, fpu::fma<F>(b ^ F::kSign, a, d ^ F::kSign, rm, flags))  // -(vs1*vs2) - vd
FP_KERNEL(Msac, fpu::fma<F>(b, a, d ^ F::kSign, rm, flags))              // +(vs1*vs2) - vd
FP_KERNEL(Nmsac, fpu::fma<F>(b ^ F::kSign, a, d, rm, flags))             // -(vs1*vs2) + vd
FP_KERNEL(Madd, fpu::fma<F>(b, d, a, rm, flags))                         // +(vs1*vd) + vs2
FP_KERNEL(Nmadd, fpu::fma<F>(b ^ F::kSign, d, a ^ F::kSign, rm, flags))  // -(vs1*vd) - vs2
FP_KERNEL(Msub, fpu::fma<F>(b, d, a ^ F::kSign, rm, flags))              // +(vs1*vd) - vs2
FP_KERNEL(Nmsub, fpu::fma<F>(b ^ F::kSign, d, a, rm, flags))             // -(vs1*vd) + vs2
#undef FP_KERNEL

// vd[i] = K(vs2[i], vs1[i] or f[rs1], vd[i]) in format F; the widening shapes convert their
// SEW-wide (binary32) operands to binary64 first, which is exact (an sNaN raises NV there, as
// the operation itself would).
template <class K, typename F, Shape S, bool ReadsVd>
uint32_t run_elements(Hart& h, uint32_t raw, unsigned rm, int lm, int vs2_lmul) {
  VectorState& v = h.vec;
  const unsigned sew = v.sew(), vd = vd_of(raw);
  const bool vv = funct3_of(raw) == kOpfvv, vm = vm_of(raw);
  const bool narrow_a = S == Shape::kWiden, wide = S != Shape::kSame;
  const unsigned a_bytes = narrow_a ? 4 : sizeof(Bits<F>), d_bytes = sizeof(Bits<F>);
  const Group a(v, vs2_of(raw), vs2_lmul), b(v, vv ? rs1_of(raw) : 0, vv ? lm : 0), mask(v, 0, 0);
  const u64 s = vv ? 0 : scalar(h, rs1_of(raw), sew);
  uint32_t flags = 0;
  for (u64 i = v.vstart; i < v.vl; ++i) {
    if (!vm && !mask.mask(i)) continue;
    u64 x = a.get(i, a_bytes), y = vv ? b.get(i, sew / 8) : s;
    if (wide) {
      if (narrow_a) x = widen(static_cast<uint32_t>(x), flags);
      y = widen(static_cast<uint32_t>(y), flags);
    }
    const Bits<F> d = ReadsVd ? static_cast<Bits<F>>(get(v, vd, i, d_bytes)) : 0;
    put(v, vd, i, d_bytes, K::template op<F>(static_cast<Bits<F>>(x), static_cast<Bits<F>>(y), d, rm, flags));
  }
  return flags;
}

// The register rules of section 5.2 for single-width, widening (vd 2*SEW) and wide-source
// (vd and vs2 2*SEW) operations, as the integer `elementwise` checks them.
template <class K, Shape S, bool ReadsVd = false>
Result arith(Hart& h, uint32_t raw) {
  const VectorState& v = h.vec;
  const unsigned sew = v.sew(), vd = vd_of(raw), vs2 = vs2_of(raw), vs1 = rs1_of(raw);
  unsigned rm;
  if (!usable(h, sew, rm)) return Result::kIllegal;
  const bool vv = funct3_of(raw) == kOpfvv, vm = vm_of(raw);
  const int lm = lmul(h);
  int vd_lmul = lm, vs2_lmul = lm;
  if (S != Shape::kSame) {
    if (sew != 32 || lm == 3) return Result::kIllegal;
    vd_lmul = lm + 1;
    if (S == Shape::kWideSource) vs2_lmul = lm + 1;
  }
  if (!mask_ok(vm, vd) || !aligned(vd, vd_lmul) || !aligned(vs2, vs2_lmul)) return Result::kIllegal;
  if (vv && !aligned(vs1, lm)) return Result::kIllegal;
  if (S == Shape::kWiden && !no_overlap(vd, vd_lmul, vs2, vs2_lmul)) return Result::kIllegal;
  if (vv && vd_lmul != lm && !no_overlap(vd, vd_lmul, vs1, lm)) return Result::kIllegal;
  const uint32_t flags = sew == 32 && S == Shape::kSame
                             ? run_elements<K, F32, S, ReadsVd>(h, raw, rm, lm, vs2_lmul)
                             : run_elements<K, F64, S, ReadsVd>(h, raw, rm, lm, vs2_lmul);
  return finish(h, flags);
}
template <class K>
Result fused(Hart& h, uint32_t raw) {
  return arith<K, Shape::kSame, true>(h, raw);
}
template <class K>
Result widening_fused(Hart& h, uint32_t raw) {
  return arith<K, Shape::kWiden, true>(h, raw);
}

// ---------------------------------------------------------------------------------------------
// Compares (section 13.13): a mask result. vmfeq and vmfne are quiet (NV for signalling NaNs
// only); the ordered ones signal on any NaN. vmfgt and vmfge (.vf only) swap the operands.
enum class Cmp { kEq, kNe, kLt, kLe, kGt, kGe };
template <typename F, Cmp C>
bool compare_elements(Bits<F> a, Bits<F> b, uint32_t& flags) {
  using fpu::Comparison;
  switch (C) {
    case Cmp::kEq: return fpu::compare<F, Comparison::kEq>(a, b, flags);
    case Cmp::kNe: return !fpu::compare<F, Comparison::kEq>(a, b, flags);
    case Cmp::kLt: return fpu::compare<F, Comparison::kLt>(a, b, flags);
    case Cmp::kLe: return fpu::compare<F, Comparison::kLe>(a, b, flags);
    case Cmp::kGt: return fpu::compare<F, Comparison::kLt>(b, a, flags);
    default: return fpu::compare<F, Comparison::kLe>(b, a, flags);
  }
}
template <Cmp C>
Result compare(Hart& h, uint32_t raw) {
  VectorState& v = h.vec;
  const unsigned sew = v.sew(), bytes = sew / 8, vd = vd_of(raw), vs2 = vs2_of(raw), vs1 = rs1_of(raw);
  unsigned rm;
  if (!usable(h, sew, rm)) return Result::kIllegal;
  const int lm = lmul(h);
  const bool vv = funct3_of(raw) == kOpfvv, vm = vm_of(raw);
  if (!aligned(vs2, lm) || (vd != vs2 && !no_overlap(vd, 0, vs2, lm))) return Result::kIllegal;
  if (vv && (!aligned(vs1, lm) || (vd != vs1 && !no_overlap(vd, 0, vs1, lm)))) return Result::kIllegal;
  const Group a(v, vs2, lm), b(v, vv ? vs1 : 0, vv ? lm : 0), mask(v, 0, 0);
  const u64 s = vv ? 0 : scalar(h, vs1, sew);
  uint32_t flags = 0;
  for (u64 i = v.vstart; i < v.vl; ++i) {
    if (!vm && !mask.mask(i)) continue;
    const u64 x = a.get(i, bytes), y = vv ? b.get(i, bytes) : s;
    const bool r = sew == 32
                       ? compare_elements<F32, C>(static_cast<uint32_t>(x), static_cast<uint32_t>(y), flags)
                       : compare_elements<F64, C>(x, y, flags);
    put_mask_bit(v, vd, i, r);
  }
  return finish(h, flags);
}

// vfmerge.vfm (vm = 0) and vfmv.v.f (vm = 1, vs2 = 0).
Result merge(Hart& h, uint32_t raw) {
  VectorState& v = h.vec;
  const unsigned sew = v.sew(), bytes = sew / 8, vd = vd_of(raw), vs2 = vs2_of(raw);
  unsigned rm;
  if (!usable(h, sew, rm)) return Result::kIllegal;
  const int lm = lmul(h);
  const bool vm = vm_of(raw);
  if ((vm && vs2 != 0) || !aligned(vd, lm) || (!vm && (vd == 0 || !aligned(vs2, lm))))
    return Result::kIllegal;
  const Group a(v, vs2, lm), mask(v, 0, 0);
  const u64 s = scalar(h, rs1_of(raw), sew);
  for (u64 i = v.vstart; i < v.vl; ++i) put(v, vd, i, bytes, (vm || mask.mask(i)) ? s : a.get(i, bytes));
  return done(h);
}

// VWFUNARY0 (.vv): vfmv.f.s, element 0 whatever vl is; VRFUNARY0 (.vf): vfmv.s.f.
Result scalar_move(Hart& h, uint32_t raw) {
  VectorState& v = h.vec;
  const unsigned sew = v.sew();
  unsigned rm;
  if (!usable(h, sew, rm) || !vm_of(raw)) return Result::kIllegal;
  if (funct3_of(raw) == kOpfvv) {
    if (rs1_of(raw) != 0) return Result::kIllegal;
    const u64 x = get(v, vs2_of(raw), 0, sew / 8);
    h.f[vd_of(raw)] = sew == 32 ? fpu::box32(static_cast<uint32_t>(x)) : x;
    h.csr.mstatus |= mstatus_bits::kFS;
    v.vstart = 0;
    return Result::kDone;
  }
  if (vs2_of(raw) != 0) return Result::kIllegal;
  if (v.vstart < v.vl) put(v, vd_of(raw), 0, sew / 8, scalar(h, rs1_of(raw), sew));
  return done(h);
}

// vfslide1up/vfslide1down (section 16.3.4): the integer slides with f[rs1] as the new element.
template <bool Up>
Result slide1(Hart& h, uint32_t raw) {
  VectorState& v = h.vec;
  const unsigned sew = v.sew(), bytes = sew / 8, vd = vd_of(raw), vs2 = vs2_of(raw);
  unsigned rm;
  if (!usable(h, sew, rm)) return Result::kIllegal;
  const bool vm = vm_of(raw);
  const int lm = lmul(h);
  if (!mask_ok(vm, vd) || !aligned(vd, lm) || !aligned(vs2, lm)) return Result::kIllegal;
  if (Up && overlapped(vd, group_regs(lm), vs2, group_regs(lm))) return Result::kIllegal;
  const u64 s = scalar(h, rs1_of(raw), sew);
  const Group src(v, vs2, lm), mask(v, 0, 0);
  for (u64 i = v.vstart; i < v.vl; ++i) {
    if (!vm && !mask.mask(i)) continue;
    if (Up) {
      put(v, vd, i, bytes, i == 0 ? s : src.get(i - 1, bytes));
    } else {
      put(v, vd, i, bytes, i == v.vl - 1 ? s : src.get(i + 1, bytes));
    }
  }
  return done(h);
}

// ---------------------------------------------------------------------------------------------
// Reductions (sections 14.3-14.4): vd[0] = vs1[0] combined with each active vs2[i] in element
// order. The unordered sum is computed in order too, as QEMU does (any order is allowed).
// The widening sums read binary32 elements into a binary64 accumulator.
enum class Red { kSum, kMin, kMax };
template <typename F, Red R>
Bits<F> combine(Bits<F> acc, Bits<F> x, unsigned rm, uint32_t& flags) {
  switch (R) {
    case Red::kSum: return fpu::add<F>(acc, x, rm, flags);
    case Red::kMin: return fpu::min_max<F, false>(acc, x, flags);
    default: return fpu::min_max<F, true>(acc, x, flags);
  }
}
template <Red R, bool Widen>
Result reduce(Hart& h, uint32_t raw) {
  VectorState& v = h.vec;
  const unsigned sew = v.sew(), vd = vd_of(raw), vs2 = vs2_of(raw), vs1 = rs1_of(raw);
  unsigned rm;
  if (!usable(h, sew, rm) || v.vstart != 0) return Result::kIllegal;
  const bool vm = vm_of(raw);
  if (!aligned(vs2, lmul(h)) || (Widen && sew != 32)) return Result::kIllegal;
  if (v.vl == 0) return done(h);
  uint32_t flags = 0;
  if (sew == 32 && !Widen) {
    uint32_t acc = static_cast<uint32_t>(get(v, vs1, 0, 4));
    for (u64 i = 0; i < v.vl; ++i) {
      if (active(v, vm, i)) acc = combine<F32, R>(acc, static_cast<uint32_t>(get(v, vs2, i, 4)), rm, flags);
    }
    put(v, vd, 0, 4, acc);
  } else {
    u64 acc = get(v, vs1, 0, 8);
    for (u64 i = 0; i < v.vl; ++i) {
      if (!active(v, vm, i)) continue;
      const u64 x = Widen ? widen(static_cast<uint32_t>(get(v, vs2, i, 4)), flags) : get(v, vs2, i, 8);
      acc = combine<F64, R>(acc, x, rm, flags);
    }
    put(v, vd, 0, 8, acc);
  }
  return finish(h, flags);
}

constexpr Entry row(Op op, uint8_t forms) { return Entry{op, nullptr, forms, Shape::kSame, false, false}; }
constexpr uint8_t kVF = kV | kX;  // .vv and .vf (the scalar form is "X" in the shared tables)

struct Table {
  Entry rows[64];
};
constexpr Table make_table() {
  Table t{};
  Entry* r = t.rows;
  r[0x00] = row(arith<Add, Shape::kSame>, kVF);
  r[0x01] = row(reduce<Red::kSum, false>, kV);
  r[0x02] = row(arith<Sub, Shape::kSame>, kVF);
  r[0x03] = row(reduce<Red::kSum, false>, kV);
  r[0x04] = row(arith<Min, Shape::kSame>, kVF);
  r[0x05] = row(reduce<Red::kMin, false>, kV);
  r[0x06] = row(arith<Max, Shape::kSame>, kVF);
  r[0x07] = row(reduce<Red::kMax, false>, kV);
  r[0x08] = row(arith<Sgnj, Shape::kSame>, kVF);
  r[0x09] = row(arith<Sgnjn, Shape::kSame>, kVF);
  r[0x0a] = row(arith<Sgnjx, Shape::kSame>, kVF);
  r[0x0e] = row(slide1<true>, kX);
  r[0x0f] = row(slide1<false>, kX);
  r[0x10] = row(scalar_move, kVF);
  r[0x12] = row(unary0, kV);
  r[0x13] = row(unary1, kV);
  r[0x17] = row(merge, kX);
  r[0x18] = row(compare<Cmp::kEq>, kVF);
  r[0x19] = row(compare<Cmp::kLe>, kVF);
  r[0x1b] = row(compare<Cmp::kLt>, kVF);
  r[0x1c] = row(compare<Cmp::kNe>, kVF);
  r[0x1d] = row(compare<Cmp::kGt>, kX);
  r[0x1f] = row(compare<Cmp::kGe>, kX);
  r[0x20] = row(arith<Div, Shape::kSame>, kVF);
  r[0x21] = row(arith<RDiv, Shape::kSame>, kX);
  r[0x24] = row(arith<Mul, Shape::kSame>, kVF);
  r[0x27] = row(arith<RSub, Shape::kSame>, kX);
  r[0x28] = row(fused<Madd>, kVF);
  r[0x29] = row(fused<Nmadd>, kVF);
  r[0x2a] = row(fused<Msub>, kVF);
  r[0x2b] = row(fused<Nmsub>, kVF);
  r[0x2c] = row(fused<Macc>, kVF);
  r[0x2d] = row(fused<Nmacc>, kVF);
  r[0x2e] = row(fused<Msac>, kVF);
  r[0x2f] = row(fused<Nmsac>, kVF);
  r[0x30] = row(arith<Add, Shape::kWiden>, kVF);
  r[0x31] = row(reduce<Red::kSum, true>, kV);
  r[0x32] = row(arith<Sub, Shape::kWiden>, kVF);
  r[0x33] = row(reduce<Red::kSum, true>, kV);
  r[0x34] = row(arith<Add, Shape::kWideSource>, kVF);
  r[0x36] = row(arith<Sub, Shape::kWideSource>, kVF);
  r[0x38] = row(arith<Mul, Shape::kWiden>, kVF);
  r[0x3c] = row(widening_fused<Macc>, kVF);
  r[0x3d] = row(widening_fused<Nmacc>, kVF);
  r[0x3e] = row(widening_fused<Msac>, kVF);
  r[0x3f] = row(widening_fused<Nmsac>, kVF);
  return t;
}
constexpr Table kTable = make_table();

}  // namespace

const Entry* float_entry(unsigned funct6) {
  const Entry& e = kTable.rows[funct6];
  return e.forms ? &e : nullptr;
}

}  // namespace microvm::riscv::vec::fp
