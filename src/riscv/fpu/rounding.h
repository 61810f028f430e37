// The one place where exact values become floating-point results: unpacking operands into
// sign/exponent/integer significand, and rounding an exact (or sticky-jammed) value to a format
// in any rounding mode with IEEE 754-2008 flags. Internal to the software FPU.
#pragma once

#include <bit>
#include <cstdint>

#include "riscv/fpu/format.h"

namespace microvm::riscv::fpu::soft {

using u128 = unsigned __int128;

// A finite nonzero operand: value = (-1)^sign * sig * 2^(exp - kFracBits), with the leading one
// of sig at bit kFracBits (subnormals are normalised, so exp may be below kEmin).
struct Unpacked {
  bool sign;
  int exp;
  uint64_t sig;
};

template <typename F>
Unpacked unpack(typename F::Bits a) {
  const int biased = static_cast<int>((a >> F::kFracBits) & F::kMaxBiased);
  const uint64_t frac = a & F::kFracMask;
  Unpacked u{sign_of<F>(a), biased - F::kBias, frac | (uint64_t{1} << F::kFracBits)};
  if (biased == 0) {  // subnormal: shift the leading one up to the hidden-bit position
    const int shift = std::countl_zero(frac) - (63 - F::kFracBits);
    u.sig = frac << shift;
    u.exp = F::kEmin - shift;
  }
  return u;
}

// Shifts right, ORing every bit shifted out into bit 0 ("sticky"), so rounding still sees that
// the value was above the truncated one.
inline uint64_t shift_right_jam(uint64_t v, int n) {
  if (n == 0) return v;
  return n < 64 ? (v >> n) | ((v << (64 - n)) != 0) : (v != 0);
}
inline u128 shift_right_jam(u128 v, int n) {
  if (n == 0) return v;
  return n < 128 ? (v >> n) | ((v << (128 - n)) != 0) : (v != 0);
}
// A nonzero 128-bit significand with its leading one moved to bit 62 and the bits below jammed;
// `msb` gets the position the leading one had (the value's exponent moves by msb - 62).
inline uint64_t normalize_jam(u128 v, int& msb) {
  const uint64_t high = static_cast<uint64_t>(v >> 64);
  msb = high ? 127 - std::countl_zero(high) : 63 - std::countl_zero(static_cast<uint64_t>(v));
  if (msb > 62) return static_cast<uint64_t>(shift_right_jam(v, msb - 62));
  return static_cast<uint64_t>(v) << (62 - msb);
}

// Rounds sig to an integer multiple of 2^drop (drop >= 2), returning sig >> drop rounded.
inline uint64_t round_bits(uint64_t sig, int drop, Rounding rm, bool negative, bool& inexact) {
  const uint64_t rem = sig & ((uint64_t{1} << drop) - 1);
  const uint64_t half = uint64_t{1} << (drop - 1);
  uint64_t r = sig >> drop;
  inexact = rem != 0;
  switch (rm) {
    case kRne: r += rem > half || (rem == half && (r & 1)); break;
    case kRtz: break;
    case kRdn: r += negative && rem; break;
    case kRup: r += !negative && rem; break;
    case kRmm: r += rem >= half; break;
  }
  return r;
}

// Overflow: infinity or the largest finite number, whichever the mode rounds to (IEEE 754 7.4).
template <typename F>
typename F::Bits overflow(bool negative, Rounding rm, uint32_t& flags) {
  flags |= flag::kOF | flag::kNX;
  const bool to_inf = rm == kRne || rm == kRmm || (rm == kRdn && negative) || (rm == kRup && !negative);
  return (negative ? F::kSign : 0) | (to_inf ? F::kInf : F::kMaxFinite);
}

// Rounds (-1)^negative * sig * 2^(exp - 62) to the format. sig has its leading one at bit 62 and
// any lost low bits jammed into bit 0. Tininess is detected after rounding: the result is tiny when
// rounding to full precision with an unbounded exponent would still give less than 2^kEmin.
template <typename F>
typename F::Bits round_pack(bool negative, int exp, uint64_t sig, Rounding rm, uint32_t& flags) {
  using Bits = typename F::Bits;
  constexpr int kDrop = 62 - F::kFracBits;
  const Bits sign = negative ? F::kSign : 0;
  bool inexact;
  if (exp >= F::kEmin) {
    if (exp > F::kEmax) return overflow<F>(negative, rm, flags);
    const uint64_t r = round_bits(sig, kDrop, rm, negative, inexact);
    // r carries its hidden bit, so a carry out of the significand bumps the exponent by itself.
    const Bits bits = (Bits(exp + F::kBias - 1) << F::kFracBits) + Bits(r);
    if ((bits >> F::kFracBits) >= Bits(F::kMaxBiased)) return overflow<F>(negative, rm, flags);
    if (inexact) flags |= flag::kNX;
    return sign | bits;
  }
  bool tiny = true;
  if (exp == F::kEmin - 1) {
    tiny = round_bits(sig, kDrop, rm, negative, inexact) < (uint64_t{1} << (F::kFracBits + 1));
  }
  // Subnormal: fewer significand bits. A carry into bit kFracBits makes the smallest normal.
  const uint64_t r = round_bits(shift_right_jam(sig, F::kEmin - exp), kDrop, rm, negative, inexact);
  if (inexact) flags |= tiny ? flag::kNX | flag::kUF : flag::kNX;
  return sign | Bits(r);
}

// An unpacked operand scaled so its leading one is at bit 62, ready for round_pack.
template <typename F>
uint64_t sig_at_62(const Unpacked& u) {
  return u.sig << (62 - F::kFracBits);
}

}  // namespace microvm::riscv::fpu::soft
