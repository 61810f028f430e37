// Exact IEEE 754-2008 arithmetic in integer code, for every rounding mode: the reference the host
// fast path is tested against, and what runs when the host cannot do an operation exactly (RMM,
// which no host rounding mode provides; FMA on hosts without it; hosts that are not x86-64).
//
// Every function returns the result's bits and ORs the exception flags it raises into `flags`.
// Results follow RISC-V: NaN results are the canonical NaN, tininess is detected after rounding
// (unprivileged spec 11.3 and 11.5).
#pragma once

#include <cstdint>

#include "riscv/fpu/format.h"

namespace microvm::riscv::fpu::soft {

template <typename F>
typename F::Bits add(typename F::Bits a, typename F::Bits b, Rounding rm, uint32_t& flags);
template <typename F>
typename F::Bits sub(typename F::Bits a, typename F::Bits b, Rounding rm, uint32_t& flags);
template <typename F>
typename F::Bits mul(typename F::Bits a, typename F::Bits b, Rounding rm, uint32_t& flags);
template <typename F>
typename F::Bits div(typename F::Bits a, typename F::Bits b, Rounding rm, uint32_t& flags);
template <typename F>
typename F::Bits sqrt(typename F::Bits a, Rounding rm, uint32_t& flags);
// a * b + c with one rounding. FMSUB/FNMSUB/FNMADD negate operands first, which is exact.
template <typename F>
typename F::Bits fma(typename F::Bits a, typename F::Bits b, typename F::Bits c, Rounding rm,
                     uint32_t& flags);

// FCVT.{W,WU,L,LU}: the value RISC-V writes to the integer register (32-bit results
// sign-extended), saturated with NV as the spec's table 11.4 says for out-of-range inputs.
template <typename F>
uint64_t to_int(typename F::Bits a, bool is_signed, unsigned width, Rounding rm, uint32_t& flags);
// FCVT.{S,D}.{W,WU,L,LU}: (negative ? -magnitude : magnitude) rounded.
template <typename F>
typename F::Bits from_int(uint64_t magnitude, bool negative, Rounding rm, uint32_t& flags);
// FCVT.D.S (exact) and FCVT.S.D (rounds).
uint64_t widen(uint32_t a, uint32_t& flags);
uint32_t narrow(uint64_t a, Rounding rm, uint32_t& flags);
// FCVT between any two formats (Zfh's FCVT.{H,S,D}.{H,S,D}): NaN becomes the canonical NaN.
template <typename From, typename To>
typename To::Bits convert(typename From::Bits a, Rounding rm, uint32_t& flags);
// Zfa's FROUND (NX never) and FROUNDNX (NX when the value changed): a to an integral value.
template <typename F>
typename F::Bits round_to_integral(typename F::Bits a, Rounding rm, bool exact, uint32_t& flags);
// Zfa's FCVTMOD.W.D: toward zero, the low 32 bits of the unbounded integer, sign-extended;
// infinities and NaN give 0; flags as FCVT.W.D raises them.
uint64_t to_int32_modular(uint64_t a, uint32_t& flags);

}  // namespace microvm::riscv::fpu::soft
