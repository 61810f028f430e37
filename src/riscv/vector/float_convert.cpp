// Vector FP conversions (RVV 1.0 sections 13.17-13.19, VFUNARY0) and the unary group VFUNARY1:
// vfsqrt, the 7-bit estimates vfrsqrt7 and vfrec7 (section 13.9-13.10), vfclass.
#include <array>
#include <cmath>

#include "riscv/vector/float.h"

namespace microvm::riscv::vec::fp {
namespace {

using u64 = uint64_t;
using fpu::Rounding;
namespace soft = fpu::soft;

// The estimate tables of sections 13.9 and 13.10, from the rule that produced them: each entry is
// the 7 fraction bits, rounded to nearest, of the exact result at the middle of its input interval.
// vfrec7: input significand 1.s (7 bits of s) -> 1/x in [1, 2) after doubling.
// vfrsqrt7: index {exponent bit 0, 6 bits of s}; an even biased exponent means x in [2, 4).
struct EstimateTables {
  std::array<uint8_t, 128> rec{};
  std::array<uint8_t, 128> rsqrt{};
  EstimateTables() {
    auto fraction7 = [](double y) {  // y in [1, 2)
      const double r = std::floor(128 * (y - 1) + 0.5);
      return static_cast<uint8_t>(r > 127 ? 127 : r);
    };
    for (int i = 0; i < 128; ++i) rec[i] = fraction7(2 / (1 + (i + 0.5) / 128));
    for (int i = 0; i < 128; ++i) {
      const double x = (i < 64 ? 2 : 1) * (1 + ((i % 64) + 0.5) / 64);
      double y = 1 / std::sqrt(x);
      while (y < 1) y *= 2;
      rsqrt[i] = fraction7(y);
    }
  }
};
const EstimateTables& tables() {
  static const EstimateTables t;
  return t;
}

// A finite nonzero operand as (biased exponent, fraction) with subnormals normalised: the
// exponent goes to 0 or below and the leading one is shifted out of the fraction.
template <typename F>
void normalise(Bits<F> a, int& exp, u64& frac) {
  exp = static_cast<int>((a >> F::kFracBits) & F::kMaxBiased);
  frac = a & F::kFracMask;
  if (exp == 0) {
    while (!(frac & (u64{1} << (F::kFracBits - 1)))) {
      frac <<= 1;
      --exp;
    }
    frac = (frac << 1) & F::kFracMask;
  }
}

template <typename F>
Bits<F> rsqrt7(Bits<F> a, uint32_t& flags) {
  const bool negative = fpu::sign_of<F>(a);
  if (fpu::is_nan<F>(a)) {
    if (fpu::is_snan<F>(a)) flags |= fpu::flag::kNV;
    return F::kCanonicalNaN;
  }
  if (fpu::is_zero<F>(a)) {
    flags |= fpu::flag::kDZ;
    return (a & F::kSign) | F::kInf;
  }
  if (negative) {
    flags |= fpu::flag::kNV;
    return F::kCanonicalNaN;
  }
  if (fpu::is_inf<F>(a)) return 0;
  int exp;
  u64 frac;
  normalise<F>(a, exp, frac);
  const unsigned index = ((exp & 1) << 6) | static_cast<unsigned>(frac >> (F::kFracBits - 6));
  const u64 out_exp = static_cast<u64>((3 * F::kBias - 1 - exp) / 2);
  return static_cast<Bits<F>>((out_exp << F::kFracBits) | (u64{tables().rsqrt[index]} << (F::kFracBits - 7)));
}

template <typename F>
Bits<F> rec7(Bits<F> a, unsigned rm, uint32_t& flags) {
  const Bits<F> sign = a & F::kSign;
  if (fpu::is_nan<F>(a)) {
    if (fpu::is_snan<F>(a)) flags |= fpu::flag::kNV;
    return F::kCanonicalNaN;
  }
  if (fpu::is_inf<F>(a)) return sign;
  if (fpu::is_zero<F>(a)) {
    flags |= fpu::flag::kDZ;
    return sign | F::kInf;
  }
  int exp;
  u64 frac;
  normalise<F>(a, exp, frac);
  const int out_exp = 2 * F::kBias - 1 - exp;
  if (out_exp > 2 * F::kBias) {  // a tiny subnormal: the reciprocal overflows
    flags |= fpu::flag::kNX | fpu::flag::kOF;
    const bool to_inf =
        rm == fpu::kRne || rm == fpu::kRmm || (rm == fpu::kRup && !sign) || (rm == fpu::kRdn && sign);
    return sign | (to_inf ? F::kInf : F::kMaxFinite);
  }
  u64 sig = u64{tables().rec[frac >> (F::kFracBits - 7)]} << (F::kFracBits - 7);
  if (out_exp >= 1) return static_cast<Bits<F>>(sign | (u64(out_exp) << F::kFracBits) | sig);
  sig = (sig | (u64{1} << F::kFracBits)) >> (1 - out_exp);  // a subnormal result
  return static_cast<Bits<F>>(sign | sig);
}

template <typename F>
Bits<F> unary1_element(unsigned code, Bits<F> a, unsigned rm, uint32_t& flags) {
  switch (code) {
    case 0: return fpu::sqrt<F>(a, rm, flags);
    case 4: return rsqrt7<F>(a, flags);
    case 5: return rec7<F>(a, rm, flags);
    default: return static_cast<Bits<F>>(fpu::classify<F>(a));
  }
}

// One conversion: `code` is the vs1 field of VFUNARY0, `from`/`to` the element widths.
// Float-to-integer conversions saturate with NV as the scalar FCVT does (unprivileged 11.7).
u64 to_int(u64 x, unsigned from, unsigned to, bool is_signed, Rounding rm, uint32_t& flags) {
  const u64 r = from == 32 ? soft::to_int<F32>(static_cast<uint32_t>(x), is_signed, to, rm, flags)
                           : soft::to_int<F64>(x, is_signed, to, rm, flags);
  return r & width_mask(to);
}
u64 from_int(u64 x, unsigned from, unsigned to, bool is_signed, Rounding rm, uint32_t& flags) {
  const bool negative = is_signed && sext(x, from) < 0;
  const u64 magnitude = negative ? 0 - static_cast<u64>(sext(x, from)) : x & width_mask(from);
  return to == 32 ? soft::from_int<F32>(magnitude, negative, rm, flags)
                  : soft::from_int<F64>(magnitude, negative, rm, flags);
}
// vfncvt.rod.f.f.w (round to odd): truncate, then set the last bit if anything was lost, so a
// later rounding to a narrower format sees the sticky bit. Infinities and NaNs stay as they are.
uint32_t narrow_odd(u64 x, uint32_t& flags) {
  uint32_t local = 0;
  uint32_t r = soft::narrow(x, fpu::kRtz, local);
  if ((local & fpu::flag::kNX) && !fpu::is_inf<F32>(r)) r |= 1;
  flags |= local;
  return r;
}

u64 convert(unsigned code, u64 x, unsigned from, unsigned to, unsigned frm, uint32_t& flags) {
  const bool is_signed = code & 1;
  const Rounding rm = (code & 6) == 6 ? fpu::kRtz : Rounding(frm);
  switch (code & 7) {
    case 0:
    case 1:
    case 6:
    case 7: return to_int(x, from, to, is_signed, rm, flags);
    case 2:
    case 3: return from_int(x, from, to, is_signed, rm, flags);
    case 4:
      if (to > from) return soft::widen(static_cast<uint32_t>(x), flags);
      return soft::narrow(x, rm, flags);
    default: return narrow_odd(x, flags);
  }
}

}  // namespace

// VFUNARY0: single-width (codes 0-7), widening (8-15) and narrowing (16-23) conversions. The
// floating-point side must be 32 or 64 bits wide, the integer side may be any SEW.
Result unary0(Hart& h, uint32_t raw) {
  VectorState& v = h.vec;
  const unsigned code = rs1_of(raw), sew = v.sew(), vd = vd_of(raw), vs2 = vs2_of(raw);
  const unsigned kind = code >> 3, op = code & 7;  // kind: 0 single-width, 1 widening, 2 narrowing
  if (kind > 2 || (kind == 0 && (op == 4 || op == 5)) || (kind == 1 && op == 5)) return Result::kIllegal;
  const unsigned from = kind == 2 ? 2 * sew : sew, to = kind == 1 ? 2 * sew : sew;
  const bool float_to_float = op == 4 || op == 5, int_to_float = op == 2 || op == 3;
  // The FP side must be binary32 or binary64 (binary64 to binary32 and back for the f.f forms);
  // the integer side may be any width up to 64.
  const unsigned fp_width = float_to_float ? (sew == 32 ? 32 : 0) : int_to_float ? to : from;
  unsigned rm;
  if (!usable(h, fp_width, rm) || from > 64 || to > 64) return Result::kIllegal;
  const bool vm = vm_of(raw);
  const int lm = lmul(h);
  const int vd_lmul = kind == 1 ? lm + 1 : lm, vs2_lmul = kind == 2 ? lm + 1 : lm;
  if (kind != 0 && lm == 3) return Result::kIllegal;
  if (!mask_ok(vm, vd) || !aligned(vd, vd_lmul) || !aligned(vs2, vs2_lmul)) return Result::kIllegal;
  if (kind == 1 && !no_overlap(vd, vd_lmul, vs2, vs2_lmul)) return Result::kIllegal;
  if (kind == 2 && vd != vs2 && !no_overlap(vd, vd_lmul, vs2, vs2_lmul)) return Result::kIllegal;
  const Group a(v, vs2, vs2_lmul), mask(v, 0, 0);
  uint32_t flags = 0;
  for (u64 i = v.vstart; i < v.vl; ++i) {
    if (!vm && !mask.mask(i)) continue;
    put(v, vd, i, to / 8, convert(op, a.get(i, from / 8), from, to, rm, flags));
  }
  return finish(h, flags);
}

// VFUNARY1: vfsqrt.v (0), vfrsqrt7.v (4), vfrec7.v (5), vfclass.v (16).
Result unary1(Hart& h, uint32_t raw) {
  VectorState& v = h.vec;
  const unsigned code = rs1_of(raw), sew = v.sew(), bytes = sew / 8, vd = vd_of(raw), vs2 = vs2_of(raw);
  unsigned rm;
  if (!usable(h, sew, rm) || (code != 0 && code != 4 && code != 5 && code != 16)) return Result::kIllegal;
  const bool vm = vm_of(raw);
  const int lm = lmul(h);
  if (!mask_ok(vm, vd) || !aligned(vd, lm) || !aligned(vs2, lm)) return Result::kIllegal;
  const Group a(v, vs2, lm), mask(v, 0, 0);
  uint32_t flags = 0;
  for (u64 i = v.vstart; i < v.vl; ++i) {
    if (!vm && !mask.mask(i)) continue;
    const u64 x = a.get(i, bytes);
    put(v, vd, i, bytes,
        sew == 32 ? unary1_element<F32>(code, static_cast<uint32_t>(x), rm, flags)
                  : unary1_element<F64>(code, x, rm, flags));
  }
  return finish(h, flags);
}

}  // namespace microvm::riscv::vec::fp
