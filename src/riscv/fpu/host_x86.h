// The host FPU fast path on x86-64: SSE scalar arithmetic (and FMA3 where the CPU has it) is
// IEEE 754 binary32/binary64 with correct rounding in four of the five RISC-V modes, and MXCSR
// records the same five exceptions. x86 detects tininess after rounding, as RISC-V does, and with
// underflow masked sets UE only for tiny inexact results, as IEEE's default handling does (Intel
// SDM vol. 1, 4.9.1.5); tests/unit/fpu_host_test.cpp checks all of this against the software FPU.
//
// Each operation loads a known MXCSR (all exceptions masked, no flush-to-zero or
// denormals-are-zero, the wanted rounding control), runs one instruction and reads MXCSR back,
// all in one asm statement so the compiler cannot move the arithmetic across the control-register
// accesses. After a directed rounding mode the default MXCSR is restored for the host's own code.
//
// What the host does not do the RISC-V way is corrected by the caller: a NaN result (x86 returns
// the "real indefinite" -qNaN or propagates a payload) is redone in software, which also gives
// FMA's invalid flag for inf * 0 + qNaN; RMM has no x86 rounding control at all.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <type_traits>

#include "riscv/fpu/format.h"

namespace microvm::riscv::fpu::host {

// MXCSR (Intel SDM vol. 1, 10.2.3): flags IE DE ZE OE UE PE in bits 0-5, masks in 7-12,
// rounding control in 13-14 (00 nearest, 01 down, 10 up, 11 toward zero), FTZ 15, DAZ 6.
inline constexpr uint32_t kMxcsrDefault = 0x1F80;
inline constexpr uint32_t kMxcsrFor[4] = {kMxcsrDefault, kMxcsrDefault | 3u << 13, kMxcsrDefault | 1u << 13,
                                          kMxcsrDefault | 2u << 13};  // RNE, RTZ, RDN, RUP

// IE -> NV, ZE -> DZ, OE -> OF, UE -> UF, PE -> NX; DE (a denormal operand) is not an IEEE flag.
constexpr uint32_t fflags_of(uint32_t mxcsr) {
  return ((mxcsr & 1) << 4) | ((mxcsr & 4) << 1) | ((mxcsr & 8) >> 1) | ((mxcsr & 16) >> 3) |
         ((mxcsr & 32) >> 5);
}
inline constexpr auto kFflagsOf = [] {
  std::array<uint8_t, 64> table{};
  for (uint32_t m = 0; m < 64; ++m) table[m] = static_cast<uint8_t>(fflags_of(m));
  return table;
}();

// FMA3 (VEX-encoded, so the OS must also save AVX state; libgcc's CPU check includes that).
inline const bool kHasFma = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("fma") != 0;
}();

// The same statement for every operation and rounding mode, `insn` being the AT&T text with
// %[r] the destination (also the first source for two-operand SSE forms).
#define MICROVM_FPU_ASM(insn, restore)                                                                 \
  if (restore) {                                                                                       \
    asm volatile(                                                                                      \
        "ldmxcsr %[control]\n\t" insn "\n\tstmxcsr %[status]\n\tldmxcsr %[default_control]"            \
        : [r] "+x"(r), [status] "=m"(status)                                                           \
        : [a] "x"(a), [b] "x"(b), [control] "m"(kMxcsrFor[rm]), [default_control] "m"(kMxcsrDefault)); \
  } else {                                                                                             \
    asm volatile("ldmxcsr %[control]\n\t" insn "\n\tstmxcsr %[status]"                                 \
                 : [r] "+x"(r), [status] "=m"(status)                                                  \
                 : [a] "x"(a), [b] "x"(b), [control] "m"(kMxcsrFor[rm]));                              \
  }

enum class Op { kAdd, kSub, kMul, kDiv, kSqrt, kFma };

// r = a op b (sqrt: r = sqrt(a); fma: r = a * b + r) for rm in RNE..RUP. Returns the raw host
// result; the caller checks for NaN.
template <Op Kind>
inline double run(double r, double a, double b, unsigned rm, uint32_t& flags) {
  uint32_t status;
  const bool restore = rm != kRne;
  if constexpr (Kind == Op::kAdd) {
    MICROVM_FPU_ASM("addsd %[b], %[r]", restore)
  } else if constexpr (Kind == Op::kSub) {
    MICROVM_FPU_ASM("subsd %[b], %[r]", restore)
  } else if constexpr (Kind == Op::kMul) {
    MICROVM_FPU_ASM("mulsd %[b], %[r]", restore)
  } else if constexpr (Kind == Op::kDiv) {
    MICROVM_FPU_ASM("divsd %[b], %[r]", restore)
  } else if constexpr (Kind == Op::kSqrt) {
    MICROVM_FPU_ASM("sqrtsd %[a], %[r]", restore)
  } else {
    MICROVM_FPU_ASM("vfmadd231sd %[b], %[a], %[r]", restore)
  }
  flags |= kFflagsOf[status & 63];
  return r;
}

template <Op Kind>
inline float run(float r, float a, float b, unsigned rm, uint32_t& flags) {
  uint32_t status;
  const bool restore = rm != kRne;
  if constexpr (Kind == Op::kAdd) {
    MICROVM_FPU_ASM("addss %[b], %[r]", restore)
  } else if constexpr (Kind == Op::kSub) {
    MICROVM_FPU_ASM("subss %[b], %[r]", restore)
  } else if constexpr (Kind == Op::kMul) {
    MICROVM_FPU_ASM("mulss %[b], %[r]", restore)
  } else if constexpr (Kind == Op::kDiv) {
    MICROVM_FPU_ASM("divss %[b], %[r]", restore)
  } else if constexpr (Kind == Op::kSqrt) {
    MICROVM_FPU_ASM("sqrtss %[a], %[r]", restore)
  } else {
    MICROVM_FPU_ASM("vfmadd231ss %[b], %[a], %[r]", restore)
  }
  flags |= kFflagsOf[status & 63];
  return r;
}

#undef MICROVM_FPU_ASM

template <typename F>
using HostType = std::conditional_t<std::is_same_v<F, F32>, float, double>;

// One operation on bit patterns; false when the result is NaN (the caller redoes it in software).
template <typename F, Op Kind>
inline bool compute(typename F::Bits a, typename F::Bits b, typename F::Bits c, unsigned rm,
                    typename F::Bits& result, uint32_t& flags) {
  using T = HostType<F>;
  uint32_t raised = 0;
  const T r = run<Kind>(std::bit_cast<T>(Kind == Op::kFma ? c : a), std::bit_cast<T>(a), std::bit_cast<T>(b),
                        rm, raised);
  result = std::bit_cast<typename F::Bits>(r);
  if (is_nan<F>(result)) [[unlikely]]
    return false;
  flags |= raised;
  return true;
}

}  // namespace microvm::riscv::fpu::host
