// The flag helpers of spec §1.2, exactly as the original computes them (including its quirks), and
// the branch conditions with the original's masked-bit comparison.
#pragma once

#include <cstdint>

#include "lamp/layout.h"

namespace microvm::lamp::flags {

// ZS: ZF and SF from the result; CF, OF and every other bit kept. Branch-free: flags are computed
// by almost every instruction.
inline uint32_t zs(uint32_t f, uint32_t r) {
  return (f & ~(kZF | kSF)) | (r == 0 ? kZF : 0) | ((r >> 31) << 4);
}
inline uint32_t logic(uint32_t f, uint32_t r) { return zs(f & ~(kCF | kOF), r); }

// ADDF. The original: OF = (a>0 && b>0 && r<0) || (a<0 && b<0 && r>0). That is the usual
// "operands agree in sign, result differs" test except when r == 0 (INT_MIN + INT_MIN), which
// the original does not flag.
inline uint32_t add(uint32_t f, uint32_t a, uint32_t b, uint32_t r) {
  const uint32_t cf = r < a ? kCF : 0;  // a + b wrapped
  const uint32_t of = ((((a ^ r) & (b ^ r)) >> 31) & (r != 0)) << 5;
  return zs((f & ~(kCF | kOF)) | cf | of, r);
}
// SUBF. The original: OF = (a>0 && b<0 && r<0) || (a<0 && b>0 && r>0): the usual "operands differ
// in sign, result differs from a" test except when a == 0 (so 0 - INT_MIN is not flagged).
inline uint32_t sub(uint32_t f, uint32_t a, uint32_t b, uint32_t r) {
  const uint32_t cf = a < b ? kCF : 0;
  const uint32_t of = ((((a ^ b) & (a ^ r)) >> 31) & (a != 0)) << 5;
  return zs((f & ~(kCF | kOF)) | cf | of, r);
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
