// Conversions between the formats and integers (unprivileged spec 11.7 and 12.5). Float to
// integer saturates with NV per table 11.4 and never raises NX together with NV; integer to float
// and binary64 to binary32 round like any other operation.
#include "riscv/fpu/rounding.h"
#include "riscv/fpu/soft.h"

namespace microvm::riscv::fpu::soft {

template <typename F>
uint64_t to_int(typename F::Bits a, bool is_signed, unsigned width, Rounding rm, uint32_t& flags) {
  const uint64_t max_positive = is_signed ? (uint64_t{1} << (width - 1)) - 1 : ~uint64_t{0} >> (64 - width);
  const uint64_t max_negative = is_signed ? uint64_t{1} << (width - 1) : 0;  // magnitude
  // The register value: two's complement, and a 32-bit result sign-extended even when unsigned.
  auto value = [width](bool negative, uint64_t magnitude) {
    const uint64_t v = negative ? 0 - magnitude : magnitude;
    return width == 32 ? static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v))) : v;
  };
  auto invalid = [&](bool negative) {
    flags |= flag::kNV;
    return negative ? value(true, max_negative) : value(false, max_positive);
  };
  if (is_nan<F>(a)) return invalid(false);
  if (is_inf<F>(a)) return invalid(sign_of<F>(a));
  if (is_zero<F>(a)) return 0;

  const Unpacked x = unpack<F>(a);
  if (x.exp >= 64) return invalid(x.sign);
  // value = sig * 2^-shift
  const int shift = F::kFracBits - x.exp;
  uint64_t magnitude;
  bool inexact = false;
  if (shift <= 0) {
    magnitude = x.sig << -shift;
  } else if (shift <= 62) {
    magnitude = round_bits(x.sig, shift, rm, x.sign, inexact);
  } else {
    // Below 2^-10: only the sticky bit matters, and it lies below the half-way point.
    magnitude = round_bits(1, 62, rm, x.sign, inexact);
  }
  if (magnitude > (x.sign ? max_negative : max_positive)) return invalid(x.sign);
  if (inexact) flags |= flag::kNX;
  return value(x.sign, magnitude);
}

template <typename F>
typename F::Bits from_int(uint64_t magnitude, bool negative, Rounding rm, uint32_t& flags) {
  if (magnitude == 0) return 0;  // +0 whatever the sign of the (zero) integer
  const int msb = 63 - std::countl_zero(magnitude);
  const uint64_t sig = msb == 63 ? (magnitude >> 1) | (magnitude & 1) : magnitude << (62 - msb);
  return round_pack<F>(negative, msb, sig, rm, flags);
}

uint64_t widen(uint32_t a, uint32_t& flags) {
  if (is_nan<F32>(a)) {
    if (is_snan<F32>(a)) flags |= flag::kNV;
    return F64::kCanonicalNaN;
  }
  const uint64_t sign = sign_of<F32>(a) ? F64::kSign : 0;
  if (is_inf<F32>(a)) return sign | F64::kInf;
  if (is_zero<F32>(a)) return sign;
  const Unpacked x = unpack<F32>(a);
  return round_pack<F64>(x.sign, x.exp, sig_at_62<F32>(x), kRne, flags);  // exact: never rounds
}

uint32_t narrow(uint64_t a, Rounding rm, uint32_t& flags) {
  if (is_nan<F64>(a)) {
    if (is_snan<F64>(a)) flags |= flag::kNV;
    return F32::kCanonicalNaN;
  }
  const uint32_t sign = sign_of<F64>(a) ? F32::kSign : 0;
  if (is_inf<F64>(a)) return sign | F32::kInf;
  if (is_zero<F64>(a)) return sign;
  const Unpacked x = unpack<F64>(a);
  return round_pack<F32>(x.sign, x.exp, sig_at_62<F64>(x), rm, flags);
}

template <typename From, typename To>
typename To::Bits convert(typename From::Bits a, Rounding rm, uint32_t& flags) {
  if (is_nan<From>(a)) {
    if (is_snan<From>(a)) flags |= flag::kNV;
    return To::kCanonicalNaN;
  }
  const typename To::Bits sign = sign_of<From>(a) ? To::kSign : 0;
  if (is_inf<From>(a)) return sign | To::kInf;
  if (is_zero<From>(a)) return sign;
  const Unpacked x = unpack<From>(a);
  return round_pack<To>(x.sign, x.exp, sig_at_62<From>(x), rm, flags);
}

template <typename F>
typename F::Bits round_to_integral(typename F::Bits a, Rounding rm, bool exact, uint32_t& flags) {
  if (is_nan<F>(a)) {
    if (is_snan<F>(a)) flags |= flag::kNV;
    return F::kCanonicalNaN;
  }
  if (is_inf<F>(a) || is_zero<F>(a)) return a;
  const Unpacked x = unpack<F>(a);
  if (x.exp >= F::kFracBits) return a;  // already an integer
  const int shift = F::kFracBits - x.exp;
  bool inexact;
  const uint64_t magnitude =
      shift <= 62 ? round_bits(x.sig, shift, rm, x.sign, inexact) : round_bits(1, 62, rm, x.sign, inexact);
  if (inexact && exact) flags |= flag::kNX;
  if (magnitude == 0) return sign_of<F>(a) ? F::kSign : 0;
  uint32_t ignored = 0;  // at most 2^kFracBits: exact
  return from_int<F>(magnitude, x.sign, kRne, ignored);
}

uint64_t to_int32_modular(uint64_t a, uint32_t& flags) {
  if (is_nan<F64>(a) || is_inf<F64>(a)) {
    flags |= flag::kNV;
    return 0;
  }
  if (is_zero<F64>(a)) return 0;
  const Unpacked x = unpack<F64>(a);
  // The integer part's low 64 bits, and whether the value fits int32 and is exact.
  uint64_t low;
  bool inexact = false, in_range;
  if (x.exp < 0) {
    low = 0;
    inexact = true;
    in_range = true;
  } else if (x.exp <= F64::kFracBits) {
    const int shift = F64::kFracBits - x.exp;
    low = x.sig >> shift;
    inexact = shift > 0 && (x.sig & ((uint64_t{1} << shift) - 1)) != 0;
    in_range = x.sign ? low <= (uint64_t{1} << 31) : low < (uint64_t{1} << 31);
  } else {
    const int shift = x.exp - F64::kFracBits;
    low = shift < 64 ? x.sig << shift : 0;
    in_range = false;
  }
  if (!in_range) {
    flags |= flag::kNV;
  } else if (inexact) {
    flags |= flag::kNX;
  }
  const uint64_t value = x.sign ? 0 - low : low;
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(value)));
}

template uint64_t to_int<F16>(F16::Bits, bool, unsigned, Rounding, uint32_t&);
template F16::Bits from_int<F16>(uint64_t, bool, Rounding, uint32_t&);
template F16::Bits convert<F32, F16>(F32::Bits, Rounding, uint32_t&);
template F16::Bits convert<F64, F16>(F64::Bits, Rounding, uint32_t&);
template F32::Bits convert<F16, F32>(F16::Bits, Rounding, uint32_t&);
template F64::Bits convert<F16, F64>(F16::Bits, Rounding, uint32_t&);
template F64::Bits convert<F32, F64>(F32::Bits, Rounding, uint32_t&);
template F16::Bits round_to_integral<F16>(F16::Bits, Rounding, bool, uint32_t&);
template F32::Bits round_to_integral<F32>(F32::Bits, Rounding, bool, uint32_t&);
template F64::Bits round_to_integral<F64>(F64::Bits, Rounding, bool, uint32_t&);
template uint64_t to_int<F32>(F32::Bits, bool, unsigned, Rounding, uint32_t&);
template uint64_t to_int<F64>(F64::Bits, bool, unsigned, Rounding, uint32_t&);
template F32::Bits from_int<F32>(uint64_t, bool, Rounding, uint32_t&);
template F64::Bits from_int<F64>(uint64_t, bool, Rounding, uint32_t&);

}  // namespace microvm::riscv::fpu::soft
