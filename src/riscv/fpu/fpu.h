// The F/D arithmetic the instruction handlers call, on bit patterns with a resolved rounding mode
// (0..4): the host FPU where it is exact (RNE, RTZ, RDN, RUP on x86-64, non-NaN results), the
// software FPU for everything else. Both give the same bits and flags; fpu_host_test checks that.
#pragma once

#include <cstdint>
#include <type_traits>

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

enum class Op { kAdd, kSub, kMul, kDiv, kSqrt, kFma };

// One operation (sqrt uses a, fma computes a * b + c, rounded once): the host FPU when it gives
// the exact answer (not RMM, no NaN result, an FMA unit for fma, not half precision, which x86
// SSE does not have), else the software FPU.
template <typename F, Op kOp>
inline Bits<F> compute(Bits<F> a, Bits<F> b, Bits<F> c, unsigned rm, uint32_t& flags) {
#if MICROVM_FPU_HOST
  static_assert(static_cast<int>(host::Op::kFma) == static_cast<int>(Op::kFma));
  if constexpr (!std::is_same_v<F, F16>) {
    Bits<F> r;
    if (rm != kRmm && (kOp != Op::kFma || host::kHasFma) &&
        host::compute<F, static_cast<host::Op>(kOp)>(a, b, c, rm, r, flags)) [[likely]] {
      return r;
    }
  }
#endif
  const Rounding mode = Rounding(rm);
  if constexpr (kOp == Op::kAdd) return soft::add<F>(a, b, mode, flags);
  if constexpr (kOp == Op::kSub) return soft::sub<F>(a, b, mode, flags);
  if constexpr (kOp == Op::kMul) return soft::mul<F>(a, b, mode, flags);
  if constexpr (kOp == Op::kDiv) return soft::div<F>(a, b, mode, flags);
  if constexpr (kOp == Op::kSqrt) return soft::sqrt<F>(a, mode, flags);
  if constexpr (kOp == Op::kFma) return soft::fma<F>(a, b, c, mode, flags);
}

template <typename F>
inline Bits<F> add(Bits<F> a, Bits<F> b, unsigned rm, uint32_t& flags) {
  return compute<F, Op::kAdd>(a, b, 0, rm, flags);
}
template <typename F>
inline Bits<F> sub(Bits<F> a, Bits<F> b, unsigned rm, uint32_t& flags) {
  return compute<F, Op::kSub>(a, b, 0, rm, flags);
}
template <typename F>
inline Bits<F> mul(Bits<F> a, Bits<F> b, unsigned rm, uint32_t& flags) {
  return compute<F, Op::kMul>(a, b, 0, rm, flags);
}
template <typename F>
inline Bits<F> div(Bits<F> a, Bits<F> b, unsigned rm, uint32_t& flags) {
  return compute<F, Op::kDiv>(a, b, 0, rm, flags);
}
template <typename F>
inline Bits<F> sqrt(Bits<F> a, unsigned rm, uint32_t& flags) {
  return compute<F, Op::kSqrt>(a, a, 0, rm, flags);
}
template <typename F>
inline Bits<F> fma(Bits<F> a, Bits<F> b, Bits<F> c, unsigned rm, uint32_t& flags) {
  return compute<F, Op::kFma>(a, b, c, rm, flags);
}

}  // namespace microvm::riscv::fpu
