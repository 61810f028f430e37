// Edge cases of F/D arithmetic with exact expected bits and flags. Every case runs through both
// the software FPU and the dispatching entry points (host FPU where it applies), which must agree.
#include <gtest/gtest.h>

#include "riscv/fpu/fpu.h"

namespace microvm::riscv::fpu {
namespace {

constexpr uint32_t NX = flag::kNX, UF = flag::kUF, OF = flag::kOF, DZ = flag::kDZ, NV = flag::kNV;

struct Result {
  uint64_t bits;
  uint32_t flags;
  bool operator==(const Result&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Result& r) {
  return os << std::hex << "{bits 0x" << r.bits << ", flags 0x" << r.flags << "}" << std::dec;
}

enum class Op { kAdd, kSub, kMul, kDiv, kSqrt, kFma };

template <typename F>
Result run_soft(Op op, uint64_t a, uint64_t b, uint64_t c, Rounding rm) {
  using B = typename F::Bits;
  uint32_t flags = 0;
  B r = 0;
  switch (op) {
    case Op::kAdd: r = soft::add<F>(B(a), B(b), rm, flags); break;
    case Op::kSub: r = soft::sub<F>(B(a), B(b), rm, flags); break;
    case Op::kMul: r = soft::mul<F>(B(a), B(b), rm, flags); break;
    case Op::kDiv: r = soft::div<F>(B(a), B(b), rm, flags); break;
    case Op::kSqrt: r = soft::sqrt<F>(B(a), rm, flags); break;
    case Op::kFma: r = soft::fma<F>(B(a), B(b), B(c), rm, flags); break;
  }
  return {r, flags};
}

template <typename F>
Result run_dispatch(Op op, uint64_t a, uint64_t b, uint64_t c, Rounding rm) {
  using B = typename F::Bits;
  uint32_t flags = 0;
  B r = 0;
  switch (op) {
    case Op::kAdd: r = fpu::add<F>(B(a), B(b), rm, flags); break;
    case Op::kSub: r = fpu::sub<F>(B(a), B(b), rm, flags); break;
    case Op::kMul: r = fpu::mul<F>(B(a), B(b), rm, flags); break;
    case Op::kDiv: r = fpu::div<F>(B(a), B(b), rm, flags); break;
    case Op::kSqrt: r = fpu::sqrt<F>(B(a), rm, flags); break;
    case Op::kFma: r = fpu::fma<F>(B(a), B(b), B(c), rm, flags); break;
  }
  return {r, flags};
}

// Checks one operation in one rounding mode on both paths.
template <typename F>
void check(Op op, uint64_t a, uint64_t b, uint64_t c, Rounding rm, Result expected) {
  SCOPED_TRACE(testing::Message() << std::hex << "op " << int(op) << " a 0x" << a << " b 0x" << b << " c 0x"
                                  << c << " rm " << rm);
  EXPECT_EQ(run_soft<F>(op, a, b, c, rm), expected) << "software";
  EXPECT_EQ(run_dispatch<F>(op, a, b, c, rm), expected) << "dispatch (host where exact)";
}
// The same operation in the five modes RNE, RTZ, RDN, RUP, RMM.
template <typename F>
void check_modes(Op op, uint64_t a, uint64_t b, uint64_t c, const Result (&expected)[5]) {
  for (unsigned rm = 0; rm < 5; ++rm) check<F>(op, a, b, c, Rounding(rm), expected[rm]);
}

TEST(FpuArith, HalfwayCasesInEveryMode) {
  // 1 + 2^-24 lies halfway between 1 and 1 + 2^-23: ties to even go down, ties away go up.
  check_modes<F32>(
      Op::kAdd, 0x3f800000, 0x33800000, 0,
      {{0x3f800000, NX}, {0x3f800000, NX}, {0x3f800000, NX}, {0x3f800001, NX}, {0x3f800001, NX}});
  // (1 + 2^-23) + 2^-24: halfway with an odd lower neighbour, so RNE and RMM both go up.
  check_modes<F32>(
      Op::kAdd, 0x3f800001, 0x33800000, 0,
      {{0x3f800002, NX}, {0x3f800001, NX}, {0x3f800001, NX}, {0x3f800002, NX}, {0x3f800002, NX}});
  // Negative: RDN moves away from zero, RUP toward it.
  check_modes<F32>(
      Op::kSub, 0xbf800000, 0x33800000, 0,
      {{0xbf800000, NX}, {0xbf800000, NX}, {0xbf800001, NX}, {0xbf800000, NX}, {0xbf800001, NX}});
  // Double: 1 + 2^-53.
  check_modes<F64>(Op::kAdd, 0x3ff0000000000000, 0x3ca0000000000000, 0,
                   {{0x3ff0000000000000, NX},
                    {0x3ff0000000000000, NX},
                    {0x3ff0000000000000, NX},
                    {0x3ff0000000000001, NX},
                    {0x3ff0000000000001, NX}});
}

TEST(FpuArith, RmmTiesAwayFromZeroInEveryOperation) {
  // 1.5 * (1 + 3 * 2^-23) = 1.5 + 4.5 ulp: a tie with an even lower neighbour.
  check<F32>(Op::kMul, 0x3fc00000, 0x3f800003, 0, kRne, {0x3fc00004, NX});
  check<F32>(Op::kMul, 0x3fc00000, 0x3f800003, 0, kRmm, {0x3fc00005, NX});
  // Quotients of normal numbers are never ties, but subnormal ones can be: 5 * 2^-149 / 2.
  check<F32>(Op::kDiv, 0x00000005, 0x40000000, 0, kRne, {0x00000002, UF | NX});
  check<F32>(Op::kDiv, 0x00000005, 0x40000000, 0, kRmm, {0x00000003, UF | NX});
  // FMA tie: 1 * 1 + 2^-24.
  check<F32>(Op::kFma, 0x3f800000, 0x3f800000, 0x33800000, kRmm, {0x3f800001, NX});
  check<F32>(Op::kFma, 0x3f800000, 0x3f800000, 0x33800000, kRne, {0x3f800000, NX});
  // Negative tie away from zero.
  check<F64>(Op::kSub, 0xbff0000000000000, 0x3ca0000000000000, 0, kRmm, {0xbff0000000000001, NX});
}

TEST(FpuArith, OverflowGoesToInfinityOrMaxFiniteByMode) {
  const Result inf{0x7ff0000000000000, OF | NX}, max{0x7fefffffffffffff, OF | NX};
  const Result ninf{0xfff0000000000000, OF | NX}, nmax{0xffefffffffffffff, OF | NX};
  check_modes<F64>(Op::kMul, 0x7fefffffffffffff, 0x4000000000000000, 0, {inf, max, max, inf, inf});
  check_modes<F64>(Op::kMul, 0xffefffffffffffff, 0x4000000000000000, 0, {ninf, nmax, ninf, nmax, ninf});
  check_modes<F32>(Op::kAdd, 0x7f7fffff, 0x7f7fffff, 0,
                   {{0x7f800000, OF | NX},
                    {0x7f7fffff, OF | NX},
                    {0x7f7fffff, OF | NX},
                    {0x7f800000, OF | NX},
                    {0x7f800000, OF | NX}});
  // max + half an ulp rounds to infinity in RNE but not in RTZ; + less than half stays max with NX.
  check<F32>(Op::kAdd, 0x7f7fffff, 0x73000000, 0, kRne, {0x7f800000, OF | NX});
  check<F32>(Op::kAdd, 0x7f7fffff, 0x72800000, 0, kRne, {0x7f7fffff, NX});
  check<F32>(Op::kAdd, 0x7f7fffff, 0x72800000, 0, kRup, {0x7f800000, OF | NX});
  // Infinity operands are exact: no overflow.
  check<F64>(Op::kAdd, 0x7ff0000000000000, 0x3ff0000000000000, 0, kRne, {0x7ff0000000000000, 0});
}

TEST(FpuArith, SubnormalResultsAndUnderflow) {
  // An exact tiny result raises nothing: 2^-126 / 2 = 2^-127.
  check_modes<F32>(Op::kMul, 0x00800000, 0x3f000000, 0,
                   {{0x00400000, 0}, {0x00400000, 0}, {0x00400000, 0}, {0x00400000, 0}, {0x00400000, 0}});
  // Half the smallest subnormal: a tie between 0 and 2^-149.
  check_modes<F32>(Op::kMul, 0x00000001, 0x3f000000, 0,
                   {{0x00000000, UF | NX},
                    {0x00000000, UF | NX},
                    {0x00000000, UF | NX},
                    {0x00000001, UF | NX},
                    {0x00000001, UF | NX}});
  check_modes<F64>(Op::kMul, 0x8000000000000001, 0x3fe0000000000000, 0,
                   {{0x8000000000000000, UF | NX},
                    {0x8000000000000000, UF | NX},
                    {0x8000000000000001, UF | NX},
                    {0x8000000000000000, UF | NX},
                    {0x8000000000000001, UF | NX}});
  // Subnormal operands, exact subnormal sum.
  check<F64>(Op::kAdd, 0x0000000000000001, 0x000fffffffffffff, 0, kRne, {0x0010000000000000, 0});
}

TEST(FpuArith, TininessIsDetectedAfterRounding) {
  // (1 - 2^-53) * 2^-1022 has 53 significant bits: with an unbounded exponent it rounds to
  // itself, below 2^-1022, so it is tiny even though the delivered (subnormal-rounded) result
  // is 2^-1022: UF with NX.
  check<F64>(Op::kMul, 0x3fefffffffffffff, 0x0010000000000000, 0, kRne, {0x0010000000000000, UF | NX});
  check<F64>(Op::kMul, 0x3fefffffffffffff, 0x0010000000000000, 0, kRtz, {0x000fffffffffffff, UF | NX});
  check<F32>(Op::kMul, 0x3f7fffff, 0x00800000, 0, kRne, {0x00800000, UF | NX});
  // (1 - 2^-25) * 2^-126 (from binary64) rounds to 2^-126 at full precision: not tiny, NX only;
  // toward zero it stays below 2^-126: tiny, UF.
  uint32_t flags = 0;
  EXPECT_EQ(soft::narrow(0x380ffffff0000000, kRne, flags), 0x00800000u);
  EXPECT_EQ(flags, NX);
  flags = 0;
  EXPECT_EQ(soft::narrow(0x380ffffff0000000, kRmm, flags), 0x00800000u);
  EXPECT_EQ(flags, NX);
  flags = 0;
  EXPECT_EQ(soft::narrow(0x380ffffff0000000, kRtz, flags), 0x007fffffu);
  EXPECT_EQ(flags, UF | NX);
  // An exact subnormal FMA result raises nothing: 2^-1022 - 2^-1074.
  check<F64>(Op::kFma, 0x0010000000000000, 0x3ff0000000000000, 0x8000000000000001, kRne,
             {0x000fffffffffffff, 0});
}

TEST(FpuArith, FusedMultiplyAddRoundsOnce) {
  // a = 1 + 2^-30: a * a = 1 + 2^-29 + 2^-60 rounds to 1 + 2^-29, so mul then sub gives 0, but
  // fma(a, a, -(1 + 2^-29)) is exactly 2^-60.
  uint32_t flags = 0;
  const uint64_t product = soft::mul<F64>(0x3ff0000000400000, 0x3ff0000000400000, kRne, flags);
  EXPECT_EQ(product, 0x3ff0000000800000u);
  EXPECT_EQ(soft::sub<F64>(product, 0x3ff0000000800000, kRne, flags), 0u);
  check<F64>(Op::kFma, 0x3ff0000000400000, 0x3ff0000000400000, 0xbff0000000800000, kRne,
             {0x3c30000000000000, 0});
  // Single: a = 1 + 2^-12, a * a = 1 + 2^-11 + 2^-24 (a tie the separate multiply rounds away).
  check<F32>(Op::kFma, 0x3f800800, 0x3f800800, 0xbf801000, kRne, {0x33800000, 0});
  // An exact zero sum is +0, or -0 when rounding down.
  check<F64>(Op::kFma, 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, kRne, {0, 0});
  check<F64>(Op::kFma, 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, kRdn,
             {0x8000000000000000, 0});
  // A zero product keeps the addend; -0 + -0 stays -0.
  check<F32>(Op::kFma, 0x80000000, 0x3f800000, 0x80000000, kRne, {0x80000000, 0});
  check<F32>(Op::kFma, 0x80000000, 0x3f800000, 0x00000000, kRne, {0x00000000, 0});
}

TEST(FpuArith, InvalidOperationsGiveTheCanonicalNaN) {
  check<F64>(Op::kSub, 0x7ff0000000000000, 0x7ff0000000000000, 0, kRne, {0x7ff8000000000000, NV});
  check<F32>(Op::kMul, 0x7f800000, 0x00000000, 0, kRne, {0x7fc00000, NV});
  check<F32>(Op::kDiv, 0x00000000, 0x80000000, 0, kRne, {0x7fc00000, NV});
  check<F64>(Op::kSqrt, 0xbff0000000000000, 0, 0, kRne, {0x7ff8000000000000, NV});
  // Quiet NaNs propagate without NV, but the result is canonical (no payload, positive).
  check<F32>(Op::kAdd, 0xffc12345, 0x3f800000, 0, kRne, {0x7fc00000, 0});
  // A signalling NaN raises NV.
  check<F64>(Op::kMul, 0x7ff0000000000001, 0x3ff0000000000000, 0, kRtz, {0x7ff8000000000000, NV});
  // inf * 0 + qNaN raises NV on RISC-V (unprivileged spec 11.6); inf * 1 + qNaN does not.
  check<F32>(Op::kFma, 0x7f800000, 0x00000000, 0x7fc00000, kRne, {0x7fc00000, NV});
  check<F32>(Op::kFma, 0x7f800000, 0x3f800000, 0x7fc00000, kRne, {0x7fc00000, 0});
  check<F64>(Op::kFma, 0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000, kRne,
             {0x7ff8000000000000, NV});
}

TEST(FpuArith, DivisionByZeroAndSignedZeros) {
  check<F32>(Op::kDiv, 0xbf800000, 0x00000000, 0, kRne, {0xff800000, DZ});
  check<F64>(Op::kDiv, 0x7ff0000000000000, 0x0000000000000000, 0, kRne, {0x7ff0000000000000, 0});
  check<F64>(Op::kSqrt, 0x8000000000000000, 0, 0, kRne, {0x8000000000000000, 0});
  // x - x is +0, except -0 when rounding down.
  check_modes<F32>(Op::kSub, 0x3fc00000, 0x3fc00000, 0, {{0, 0}, {0, 0}, {0x80000000, 0}, {0, 0}, {0, 0}});
  check<F64>(Op::kAdd, 0x8000000000000000, 0x8000000000000000, 0, kRne, {0x8000000000000000, 0});
}

TEST(FpuArith, SquareRoot) {
  check_modes<F32>(
      Op::kSqrt, 0x40000000, 0, 0,  // sqrt(2) = 1.41421354 (0x3fb504f3.33...)
      {{0x3fb504f3, NX}, {0x3fb504f3, NX}, {0x3fb504f3, NX}, {0x3fb504f4, NX}, {0x3fb504f3, NX}});
  check<F64>(Op::kSqrt, 0x4010000000000000, 0, 0, kRup, {0x4000000000000000, 0});
  check<F64>(Op::kSqrt, 0x0000000000000001, 0, 0, kRne, {0x1e60000000000000, 0});  // sqrt(2^-1074) = 2^-537
}

}  // namespace
}  // namespace microvm::riscv::fpu
