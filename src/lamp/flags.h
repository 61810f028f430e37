// The flag helpers of spec §1.2, exactly as the original computes them (including its quirks), and
// the branch conditions with the original's masked-bit comparison.
#pragma once

#include <cstdint>

#include "lamp/layout.h"

namespace microvm::lamp::flags {

// ZS: ZF and SF from the result; CF, OF and every other bit kept.
inline uint32_t zs(uint32_t f, uint32_t r) {
  f &= ~(kZF | kSF);
  if (r == 0) f |= kZF;
  if (static_cast<int32_t>(r) < 0) f |= kSF;
  return f;
}
inline uint32_t logic(uint32_t f, uint32_t r) { return zs(f & ~(kCF | kOF), r); }

// ADDF: OF from the signs of a, b and r, so INT_MIN + INT_MIN (r == 0) does not set it.
inline uint32_t add(uint32_t f, uint32_t a, uint32_t b, uint32_t r) {
  const int32_t sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b), sr = static_cast<int32_t>(r);
  f &= ~(kCF | kOF);
  if (a + b < a) f |= kCF;
  if ((sa > 0 && sb > 0 && sr < 0) || (sa < 0 && sb < 0 && sr > 0)) f |= kOF;
  return zs(f, r);
}
// SUBF: likewise 0 - INT_MIN does not set OF.
inline uint32_t sub(uint32_t f, uint32_t a, uint32_t b, uint32_t r) {
  const int32_t sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b), sr = static_cast<int32_t>(r);
  f &= ~(kCF | kOF);
  if (a < b) f |= kCF;
  if ((sa > 0 && sb < 0 && sr < 0) || (sa < 0 && sb > 0 && sr > 0)) f |= kOF;
  return zs(f, r);
}

// The original tests (F & SF) == (F & OF): two different bits, equal only when both are clear.
inline bool sf_eq_of(uint32_t f) { return (f & kSF) == (f & kOF); }
inline bool cond_z(uint32_t f) { return f & kZF; }
inline bool cond_g(uint32_t f) { return !(f & kZF) && sf_eq_of(f); }
inline bool cond_ge(uint32_t f) { return sf_eq_of(f); }
inline bool cond_l(uint32_t f) { return !sf_eq_of(f); }
inline bool cond_le(uint32_t f) { return (f & kZF) || !sf_eq_of(f); }
inline bool cond_c(uint32_t f) { return f & kCF; }

}  // namespace microvm::lamp::flags
