// What the vector floating-point files share (RVV 1.0 section 13): the legality rules and the
// element loop. The arithmetic is the scalar FPU's (src/riscv/fpu/), so vector and scalar results
// and flags agree bit for bit.
// - mstatus.FS = Off makes every vector FP instruction illegal (section 3.2).
// - SEW 32 and 64 only: half precision would need Zvfh, which microvm lacks (docs/compatibility.md).
// - Every operation uses the dynamic rounding mode; frm 5..7 makes it illegal (section 13.1).
// - A scalar operand narrower than FLEN that is not NaN-boxed reads as the canonical NaN.
// - Raised flags accrue into fflags and set FS to Dirty.
#pragma once

#include "riscv/fpu/fpu.h"
#include "riscv/vector/vector.h"

namespace microvm::riscv::vec::fp {

using fpu::F32;
using fpu::F64;
template <typename F>
using Bits = typename F::Bits;

inline bool fs_off(const Hart& h) { return (h.csr.mstatus & mstatus_bits::kFS) == 0; }

// The common prologue: V usable, FS on, SEW 32 or 64 (the width of the FP elements, `fp_sew`),
// and a legal frm in `rm`.
inline bool usable(const Hart& h, unsigned fp_sew, unsigned& rm) {
  rm = h.csr.frm;
  return vector_usable(h) && !fs_off(h) && (fp_sew == 32 || fp_sew == 64) && rm <= fpu::kRmm;
}

// f[rs1] as an element of `sew` bits.
inline uint64_t scalar(const Hart& h, unsigned reg, unsigned sew) {
  return sew == 32 ? fpu::unbox32(h.f[reg]) : h.f[reg];
}

// After the elements ran: flags into fflags (FS dirty when there were any), vstart 0, VS dirty.
inline Result finish(Hart& h, uint32_t flags) {
  if (flags) {
    h.csr.fflags |= flags;
    h.csr.mstatus |= mstatus_bits::kFS;
  }
  return done(h);
}

// The rows of the OPFVV/OPFVF table (float.cpp) and the two unary groups it hands on to
// (float_convert.cpp).
const Entry* float_entry(unsigned funct6);
Result unary0(Hart& h, uint32_t raw);  // VFUNARY0: conversions
Result unary1(Hart& h, uint32_t raw);  // VFUNARY1: vfsqrt, vfrsqrt7, vfrec7, vfclass

}  // namespace microvm::riscv::vec::fp
