// IEEE 754 binary16, binary32 and binary64 as bit patterns, and the F/D operations that are pure bit
// manipulation: classification, NaN boxing, sign injection, comparisons, minimum/maximum.
// Arithmetic that rounds lives in soft.h (exact software) and host_x86.h (the host FPU).
#pragma once

#include <cstdint>

namespace microvm::riscv::fpu {

// Rounding modes, numbered as the rm field and frm encode them (unprivileged spec table 11.1).
enum Rounding : unsigned { kRne = 0, kRtz = 1, kRdn = 2, kRup = 3, kRmm = 4 };

// fflags bits (unprivileged spec table 11.2).
namespace flag {
constexpr uint32_t kNX = 1, kUF = 2, kOF = 4, kDZ = 8, kNV = 16;
}  // namespace flag

template <typename B, int ExpBits, int FracBits>
struct Format {
  using Bits = B;
  static constexpr int kExpBits = ExpBits;
  static constexpr int kFracBits = FracBits;
  static constexpr int kBias = (1 << (ExpBits - 1)) - 1;
  static constexpr int kEmin = 1 - kBias;  // unbiased exponent of the smallest normal
  static constexpr int kEmax = kBias;      // unbiased exponent of the largest finite
  static constexpr int kMaxBiased = (1 << ExpBits) - 1;
  static constexpr B kSign = B{1} << (ExpBits + FracBits);
  static constexpr B kFracMask = (B{1} << FracBits) - 1;
  static constexpr B kInf = B(kMaxBiased) << FracBits;
  static constexpr B kMaxFinite = kInf - 1;
  static constexpr B kQuietBit = B{1} << (FracBits - 1);
  // Every operation whose result is NaN returns this one (unprivileged spec 11.3).
  static constexpr B kCanonicalNaN = kInf | kQuietBit;
};
using F16 = Format<uint16_t, 5, 10>;
using F32 = Format<uint32_t, 8, 23>;
using F64 = Format<uint64_t, 11, 52>;

template <typename F>
constexpr bool is_nan(typename F::Bits a) {
  return (a & ~F::kSign) > F::kInf;
}
template <typename F>
constexpr bool is_snan(typename F::Bits a) {
  return is_nan<F>(a) && !(a & F::kQuietBit);
}
template <typename F>
constexpr bool is_inf(typename F::Bits a) {
  return (a & ~F::kSign) == F::kInf;
}
template <typename F>
constexpr bool is_zero(typename F::Bits a) {
  return (a & ~F::kSign) == 0;
}
template <typename F>
constexpr bool sign_of(typename F::Bits a) {
  return (a & F::kSign) != 0;
}

// NaN boxing (unprivileged spec 12.2): a single-precision value in a 64-bit f register has its
// upper 32 bits all ones; any other pattern reads as the canonical NaN.
constexpr uint32_t unbox32(uint64_t reg) {
  return (reg >> 32) == 0xFFFFFFFFu ? static_cast<uint32_t>(reg) : F32::kCanonicalNaN;
}
constexpr uint64_t box32(uint32_t value) { return 0xFFFFFFFF00000000ull | value; }
// Half precision likewise, with the upper 48 bits all ones (Zfh, unprivileged spec 20.2).
constexpr uint16_t unbox16(uint64_t reg) {
  return (reg >> 16) == 0xFFFFFFFFFFFFull ? static_cast<uint16_t>(reg) : F16::kCanonicalNaN;
}
constexpr uint64_t box16(uint16_t value) { return 0xFFFFFFFFFFFF0000ull | value; }

// FCLASS: exactly one of ten bits (unprivileged spec table 11.5).
template <typename F>
constexpr uint64_t classify(typename F::Bits a) {
  const bool negative = sign_of<F>(a);
  const typename F::Bits magnitude = a & ~F::kSign;
  if (magnitude == F::kInf) return negative ? 1u << 0 : 1u << 7;
  if (magnitude > F::kInf) return (a & F::kQuietBit) ? 1u << 9 : 1u << 8;
  if (magnitude == 0) return negative ? 1u << 3 : 1u << 4;
  if (magnitude <= F::kFracMask) return negative ? 1u << 2 : 1u << 5;
  return negative ? 1u << 1 : 1u << 6;
}

// Sign injection: all bits but the sign from a; never canonicalises, never raises flags.
enum class SignInjection { kCopy, kNegate, kXor };
template <typename F, SignInjection Kind>
constexpr typename F::Bits inject_sign(typename F::Bits a, typename F::Bits b) {
  const typename F::Bits sign = Kind == SignInjection::kCopy     ? b & F::kSign
                                : Kind == SignInjection::kNegate ? ~b & F::kSign
                                                                 : (a ^ b) & F::kSign;
  return (a & ~F::kSign) | sign;
}

// a < b on non-NaN values, with -0 == +0 unless `zeros_ordered` (then -0 < +0, as FMIN/FMAX want).
template <typename F>
constexpr bool less_than(typename F::Bits a, typename F::Bits b, bool zeros_ordered) {
  const bool sa = sign_of<F>(a), sb = sign_of<F>(b);
  if (!zeros_ordered && is_zero<F>(a) && is_zero<F>(b)) return false;
  if (sa != sb) return sa;
  if (a == b) return false;
  return sa ? a > b : a < b;  // sign-magnitude: bigger pattern is bigger magnitude
}

// FEQ is a quiet comparison (NV only for signalling NaNs); FLT and FLE signal on any NaN
// (unprivileged spec 11.8). The result is 0 whenever an operand is NaN.
enum class Comparison { kEq, kLt, kLe };
template <typename F, Comparison Kind>
constexpr uint64_t compare(typename F::Bits a, typename F::Bits b, uint32_t& flags) {
  if (is_nan<F>(a) || is_nan<F>(b)) {
    if (Kind != Comparison::kEq || is_snan<F>(a) || is_snan<F>(b)) flags |= flag::kNV;
    return 0;
  }
  if (Kind == Comparison::kEq) return a == b || (is_zero<F>(a) && is_zero<F>(b));
  if (Kind == Comparison::kLt) return less_than<F>(a, b, false);
  return !less_than<F>(b, a, false);
}

// Zfa's FLEQ/FLTQ: FLE/FLT that stay quiet on quiet NaNs (NV only for signalling ones).
template <typename F, bool OrEqual>
constexpr uint64_t compare_quiet(typename F::Bits a, typename F::Bits b, uint32_t& flags) {
  if (is_nan<F>(a) || is_nan<F>(b)) {
    if (is_snan<F>(a) || is_snan<F>(b)) flags |= flag::kNV;
    return 0;
  }
  return OrEqual ? !less_than<F>(b, a, false) : less_than<F>(a, b, false);
}

// Zfa's FMINM/FMAXM (IEEE 754-2019 minimum/maximum): like FMIN/FMAX, but any NaN operand gives
// the canonical NaN.
template <typename F, bool Max>
constexpr typename F::Bits min_max_nan(typename F::Bits a, typename F::Bits b, uint32_t& flags) {
  if (is_snan<F>(a) || is_snan<F>(b)) flags |= flag::kNV;
  if (is_nan<F>(a) || is_nan<F>(b)) return F::kCanonicalNaN;
  return less_than<F>(a, b, true) != Max ? a : b;
}

// FMIN/FMAX are IEEE 754-2019 minimumNumber/maximumNumber (unprivileged spec 11.6): -0 < +0, a
// NaN operand loses to a number, two NaNs give the canonical NaN, a signalling NaN raises NV.
template <typename F, bool Max>
constexpr typename F::Bits min_max(typename F::Bits a, typename F::Bits b, uint32_t& flags) {
  if (is_snan<F>(a) || is_snan<F>(b)) flags |= flag::kNV;
  const bool nan_a = is_nan<F>(a), nan_b = is_nan<F>(b);
  if (nan_a && nan_b) return F::kCanonicalNaN;
  if (nan_a) return b;
  if (nan_b) return a;
  return less_than<F>(a, b, true) != Max ? a : b;
}

}  // namespace microvm::riscv::fpu
