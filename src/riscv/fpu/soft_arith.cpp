// Software add, multiply, divide, square root and fused multiply-add: special operands first
// (IEEE 754-2008 clause 7 for the invalid cases, 6.3 for the signs of zero), then the exact value
// or a sticky-jammed approximation with enough guard bits, rounded once by round_pack.
#include <cmath>
#include <utility>

#include "riscv/fpu/rounding.h"
#include "riscv/fpu/soft.h"

namespace microvm::riscv::fpu::soft {
namespace {

template <typename F>
typename F::Bits nan_result(bool invalid, uint32_t& flags) {
  if (invalid) flags |= flag::kNV;
  return F::kCanonicalNaN;
}

template <typename F>
typename F::Bits signed_zero(bool negative) {
  return negative ? F::kSign : 0;
}

// An exact zero sum of operands with opposite signs is +0, except -0 when rounding down (6.3).
template <typename F>
typename F::Bits exact_zero_sum(Rounding rm) {
  return signed_zero<F>(rm == kRdn);
}

// floor(sqrt(n)) for 2^124 <= n < 2^126: a double estimate, one Newton step, then exact fix-up.
uint64_t isqrt(u128 n) {
  uint64_t r = static_cast<uint64_t>(std::sqrt(static_cast<double>(n)));
  r = static_cast<uint64_t>((static_cast<u128>(r) + n / r) >> 1);
  while (static_cast<u128>(r) * r > n) --r;
  while (static_cast<u128>(r + 1) * (r + 1) <= n) ++r;
  return r;
}

}  // namespace

template <typename F>
typename F::Bits add(typename F::Bits a, typename F::Bits b, Rounding rm, uint32_t& flags) {
  if (is_nan<F>(a) || is_nan<F>(b)) return nan_result<F>(is_snan<F>(a) || is_snan<F>(b), flags);
  if (is_inf<F>(a)) {
    if (is_inf<F>(b) && sign_of<F>(a) != sign_of<F>(b)) return nan_result<F>(true, flags);  // inf - inf
    return a;
  }
  if (is_inf<F>(b)) return b;
  if (is_zero<F>(a) && is_zero<F>(b)) return sign_of<F>(a) == sign_of<F>(b) ? a : exact_zero_sum<F>(rm);
  if (is_zero<F>(a)) return b;
  if (is_zero<F>(b)) return a;

  Unpacked x = unpack<F>(a), y = unpack<F>(b);
  // Significands with the leading one at bit 61, so a sum fits below bit 63; x the larger.
  uint64_t sx = x.sig << (61 - F::kFracBits), sy = y.sig << (61 - F::kFracBits);
  if (x.exp < y.exp || (x.exp == y.exp && sx < sy)) {
    std::swap(x, y);
    std::swap(sx, sy);
  }
  sy = shift_right_jam(sy, x.exp - y.exp);
  uint64_t sum;
  if (x.sign == y.sign) {
    sum = sx + sy;
  } else {
    sum = sx - sy;
    if (sum == 0) return exact_zero_sum<F>(rm);
  }
  // sum * 2^(x.exp - 61): move the leading one to bit 62. Only an exact difference (exponents
  // within one) can cancel more than two bits, so no sticky bit moves far.
  const int shift = std::countl_zero(sum) - 1;
  return round_pack<F>(x.sign, x.exp + 1 - shift, sum << shift, rm, flags);
}

template <typename F>
typename F::Bits sub(typename F::Bits a, typename F::Bits b, Rounding rm, uint32_t& flags) {
  return add<F>(a, b ^ F::kSign, rm, flags);  // exact negation; a NaN stays a NaN of the same kind
}

template <typename F>
typename F::Bits mul(typename F::Bits a, typename F::Bits b, Rounding rm, uint32_t& flags) {
  if (is_nan<F>(a) || is_nan<F>(b)) return nan_result<F>(is_snan<F>(a) || is_snan<F>(b), flags);
  const bool negative = sign_of<F>(a) != sign_of<F>(b);
  if (is_inf<F>(a) || is_inf<F>(b)) {
    if (is_zero<F>(a) || is_zero<F>(b)) return nan_result<F>(true, flags);  // inf * 0
    return signed_zero<F>(negative) | F::kInf;
  }
  if (is_zero<F>(a) || is_zero<F>(b)) return signed_zero<F>(negative);

  const Unpacked x = unpack<F>(a), y = unpack<F>(b);
  // The product is exact in 128 bits: value = p * 2^(x.exp + y.exp - 2 * kFracBits).
  const u128 p = static_cast<u128>(x.sig) * y.sig;
  int msb;
  const uint64_t sig = normalize_jam(p, msb);
  return round_pack<F>(negative, x.exp + y.exp - 2 * F::kFracBits + msb, sig, rm, flags);
}

template <typename F>
typename F::Bits div(typename F::Bits a, typename F::Bits b, Rounding rm, uint32_t& flags) {
  if (is_nan<F>(a) || is_nan<F>(b)) return nan_result<F>(is_snan<F>(a) || is_snan<F>(b), flags);
  const bool negative = sign_of<F>(a) != sign_of<F>(b);
  if (is_inf<F>(a)) {
    if (is_inf<F>(b)) return nan_result<F>(true, flags);  // inf / inf
    return signed_zero<F>(negative) | F::kInf;
  }
  if (is_inf<F>(b)) return signed_zero<F>(negative);
  if (is_zero<F>(b)) {
    if (is_zero<F>(a)) return nan_result<F>(true, flags);  // 0 / 0
    flags |= flag::kDZ;
    return signed_zero<F>(negative) | F::kInf;
  }
  if (is_zero<F>(a)) return signed_zero<F>(negative);

  const Unpacked x = unpack<F>(a), y = unpack<F>(b);
  // x.sig / y.sig is in (1/2, 2), so the quotient of x.sig * 2^62 has its leading one at bit 61
  // or 62; a nonzero remainder is the sticky bit.
  const u128 n = static_cast<u128>(x.sig) << 62;
  uint64_t q = static_cast<uint64_t>(n / y.sig);
  const bool remainder = n % y.sig != 0;
  int exp = x.exp - y.exp;
  if (q < (uint64_t{1} << 62)) {
    q <<= 1;
    --exp;
  }
  return round_pack<F>(negative, exp, q | remainder, rm, flags);
}

template <typename F>
typename F::Bits sqrt(typename F::Bits a, Rounding rm, uint32_t& flags) {
  if (is_nan<F>(a)) return nan_result<F>(is_snan<F>(a), flags);
  if (is_zero<F>(a)) return a;                           // sqrt(-0) = -0
  if (sign_of<F>(a)) return nan_result<F>(true, flags);  // negative, including -inf
  if (is_inf<F>(a)) return a;

  const Unpacked x = unpack<F>(a);
  // value = x.sig * 2^(x.exp - kFracBits). Scale the significand by 2^k so the remaining
  // exponent is even and the integer square root has its leading one at bit 62.
  int k = 124 - F::kFracBits;
  if ((x.exp - F::kFracBits - k) & 1) ++k;
  const u128 n = static_cast<u128>(x.sig) << k;
  const uint64_t root = isqrt(n);
  // A square root is never exactly halfway between two floats, so jamming the remainder is enough.
  const bool remainder = static_cast<u128>(root) * root != n;
  return round_pack<F>(false, 62 + (x.exp - F::kFracBits - k) / 2, root | remainder, rm, flags);
}

template <typename F>
typename F::Bits fma(typename F::Bits a, typename F::Bits b, typename F::Bits c, Rounding rm,
                     uint32_t& flags) {
  const bool inf_times_zero = (is_inf<F>(a) && is_zero<F>(b)) || (is_zero<F>(a) && is_inf<F>(b));
  if (is_nan<F>(a) || is_nan<F>(b) || is_nan<F>(c)) {
    // RISC-V raises NV for inf * 0 even when the addend is a quiet NaN (unprivileged spec 11.6).
    return nan_result<F>(is_snan<F>(a) || is_snan<F>(b) || is_snan<F>(c) || inf_times_zero, flags);
  }
  if (inf_times_zero) return nan_result<F>(true, flags);
  const bool product_negative = sign_of<F>(a) != sign_of<F>(b);
  if (is_inf<F>(a) || is_inf<F>(b)) {
    if (is_inf<F>(c) && sign_of<F>(c) != product_negative) return nan_result<F>(true, flags);
    return signed_zero<F>(product_negative) | F::kInf;
  }
  if (is_inf<F>(c)) return c;
  if (is_zero<F>(a) || is_zero<F>(b)) {
    if (!is_zero<F>(c)) return c;
    return sign_of<F>(c) == product_negative ? c : exact_zero_sum<F>(rm);
  }
  if (is_zero<F>(c)) return mul<F>(a, b, rm, flags);  // a nonzero product plus zero is the product

  const Unpacked x = unpack<F>(a), y = unpack<F>(b), z = unpack<F>(c);
  // Both terms as 128-bit significands with the leading one at bit 125 and the exponent of that
  // bit; the exact product has at most 2 * kFracBits + 2 bits, so nothing is lost placing it.
  u128 p = static_cast<u128>(x.sig) * y.sig;
  const int p_msb = (p >> (2 * F::kFracBits + 1)) ? 2 * F::kFracBits + 1 : 2 * F::kFracBits;
  p <<= 125 - p_msb;
  int p_exp = x.exp + y.exp - 2 * F::kFracBits + p_msb;
  bool p_negative = product_negative;
  u128 q = static_cast<u128>(z.sig) << (125 - F::kFracBits);
  int q_exp = z.exp;
  bool q_negative = z.sign;
  if (q_exp > p_exp || (q_exp == p_exp && q > p)) {
    std::swap(p, q);
    std::swap(p_exp, q_exp);
    std::swap(p_negative, q_negative);
  }
  // The larger term has at least 20 zero bits at the bottom, so the jammed smaller one rounds
  // the same way the exact one would.
  q = shift_right_jam(q, p_exp - q_exp);
  u128 sum;
  if (p_negative == q_negative) {
    sum = p + q;
  } else {
    sum = p - q;
    if (sum == 0) return exact_zero_sum<F>(rm);
  }
  int msb;
  const uint64_t sig = normalize_jam(sum, msb);
  return round_pack<F>(p_negative, p_exp - 125 + msb, sig, rm, flags);
}

#define MICROVM_INSTANTIATE(F)                                    \
  template F::Bits add<F>(F::Bits, F::Bits, Rounding, uint32_t&); \
  template F::Bits sub<F>(F::Bits, F::Bits, Rounding, uint32_t&); \
  template F::Bits mul<F>(F::Bits, F::Bits, Rounding, uint32_t&); \
  template F::Bits div<F>(F::Bits, F::Bits, Rounding, uint32_t&); \
  template F::Bits sqrt<F>(F::Bits, Rounding, uint32_t&);         \
  template F::Bits fma<F>(F::Bits, F::Bits, F::Bits, Rounding, uint32_t&);
MICROVM_INSTANTIATE(F16)
MICROVM_INSTANTIATE(F32)
MICROVM_INSTANTIATE(F64)
#undef MICROVM_INSTANTIATE

}  // namespace microvm::riscv::fpu::soft
