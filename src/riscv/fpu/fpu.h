// The F/D arithmetic the instruction handlers call, on bit patterns with a resolved rounding mode
// (0..4): the host FPU where it is exact (RNE, RTZ, RDN, RUP on x86-64, non-NaN results), the
// software FPU for everything else. Both give the same bits and flags; fpu_host_test checks that.
#pragma once

#include <cstdint>

#include "riscv/fpu/format.h"
#include "riscv/fpu/soft.h"

// MICROVM_FPU_SOFT_ONLY builds without the host path, to test the software FPU on its own.
#if defined(__x86_64__) && !defined(MICROVM_FPU_SOFT_ONLY)
#include "riscv/fpu/host_x86.h"
#define MICROVM_FPU_HOST 1
#else
#define MICROVM_FPU_HOST 0
#endif

namespace microvm::riscv::fpu {

template <typename F>
using Bits = typename F::Bits;

template <typename F>
inline Bits<F> add(Bits<F> a, Bits<F> b, unsigned rm, uint32_t& flags) {
#if MICROVM_FPU_HOST
  Bits<F> r;
  if (rm != kRmm && host::compute<F, host::Op::kAdd>(a, b, 0, rm, r, flags)) [[likely]]
    return r;
#endif
  return soft::add<F>(a, b, Rounding(rm), flags);
}

template <typename F>
inline Bits<F> sub(Bits<F> a, Bits<F> b, unsigned rm, uint32_t& flags) {
#if MICROVM_FPU_HOST
  Bits<F> r;
  if (rm != kRmm && host::compute<F, host::Op::kSub>(a, b, 0, rm, r, flags)) [[likely]]
    return r;
#endif
  return soft::sub<F>(a, b, Rounding(rm), flags);
}

template <typename F>
inline Bits<F> mul(Bits<F> a, Bits<F> b, unsigned rm, uint32_t& flags) {
#if MICROVM_FPU_HOST
  Bits<F> r;
  if (rm != kRmm && host::compute<F, host::Op::kMul>(a, b, 0, rm, r, flags)) [[likely]]
    return r;
#endif
  return soft::mul<F>(a, b, Rounding(rm), flags);
}

template <typename F>
inline Bits<F> div(Bits<F> a, Bits<F> b, unsigned rm, uint32_t& flags) {
#if MICROVM_FPU_HOST
  Bits<F> r;
  if (rm != kRmm && host::compute<F, host::Op::kDiv>(a, b, 0, rm, r, flags)) [[likely]]
    return r;
#endif
  return soft::div<F>(a, b, Rounding(rm), flags);
}

template <typename F>
inline Bits<F> sqrt(Bits<F> a, unsigned rm, uint32_t& flags) {
#if MICROVM_FPU_HOST
  Bits<F> r;
  if (rm != kRmm && host::compute<F, host::Op::kSqrt>(a, a, 0, rm, r, flags)) [[likely]]
    return r;
#endif
  return soft::sqrt<F>(a, Rounding(rm), flags);
}

// a * b + c, rounded once.
template <typename F>
inline Bits<F> fma(Bits<F> a, Bits<F> b, Bits<F> c, unsigned rm, uint32_t& flags) {
#if MICROVM_FPU_HOST
  Bits<F> r;
  if (rm != kRmm && host::kHasFma && host::compute<F, host::Op::kFma>(a, b, c, rm, r, flags)) [[likely]] {
    return r;
  }
#endif
  return soft::fma<F>(a, b, c, Rounding(rm), flags);
}

}  // namespace microvm::riscv::fpu
