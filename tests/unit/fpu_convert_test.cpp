// F/D conversions, comparisons, minimum/maximum, classification and NaN boxing, with the exact
// values the unprivileged spec's tables give.
#include <gtest/gtest.h>

#include "riscv/fpu/fpu.h"

namespace microvm::riscv::fpu {
namespace {

constexpr uint32_t NX = flag::kNX, UF = flag::kUF, OF = flag::kOF, NV = flag::kNV;

struct IntResult {
  uint64_t value;
  uint32_t flags;
  bool operator==(const IntResult&) const = default;
};
std::ostream& operator<<(std::ostream& os, const IntResult& r) {
  return os << std::hex << "{0x" << r.value << ", flags 0x" << r.flags << "}" << std::dec;
}

template <typename F>
IntResult to_int(typename F::Bits a, bool is_signed, unsigned width, Rounding rm = kRtz) {
  uint32_t flags = 0;
  const uint64_t v = soft::to_int<F>(a, is_signed, width, rm, flags);
  return {v, flags};
}

TEST(FpuConvert, FloatToIntSaturatesPerTable) {
  // Unprivileged spec table 11.4: NaN and +inf give the maximum, -inf the minimum, all with NV.
  constexpr uint32_t kNaN = 0x7fc00000, kInf = 0x7f800000, kNegInf = 0xff800000;
  EXPECT_EQ(to_int<F32>(kNaN, true, 32), (IntResult{0x7fffffff, NV}));
  EXPECT_EQ(to_int<F32>(kNaN, false, 32), (IntResult{0xffffffffffffffff, NV}));  // 2^32-1, sign-extended
  EXPECT_EQ(to_int<F32>(kNaN, true, 64), (IntResult{0x7fffffffffffffff, NV}));
  EXPECT_EQ(to_int<F32>(kNaN, false, 64), (IntResult{0xffffffffffffffff, NV}));
  EXPECT_EQ(to_int<F32>(kInf, true, 32), (IntResult{0x7fffffff, NV}));
  EXPECT_EQ(to_int<F32>(kNegInf, true, 32), (IntResult{0xffffffff80000000, NV}));
  EXPECT_EQ(to_int<F32>(kNegInf, false, 32), (IntResult{0, NV}));
  EXPECT_EQ(to_int<F32>(kNegInf, true, 64), (IntResult{0x8000000000000000, NV}));
  EXPECT_EQ(to_int<F32>(kNegInf, false, 64), (IntResult{0, NV}));
  // Out of range finite values.
  EXPECT_EQ(to_int<F32>(0x4f32d05e, true, 32), (IntResult{0x7fffffff, NV}));          // 3e9
  EXPECT_EQ(to_int<F32>(0x4f32d05e, false, 32), (IntResult{0xffffffffb2d05e00, 0}));  // fits unsigned
  EXPECT_EQ(to_int<F32>(0xcf32d05e, true, 32), (IntResult{0xffffffff80000000, NV}));  // -3e9
  EXPECT_EQ(to_int<F64>(0x43f0000000000000, false, 64), (IntResult{0xffffffffffffffff, NV}));  // 2^64
  EXPECT_EQ(to_int<F64>(0x43e0000000000000, true, 64), (IntResult{0x7fffffffffffffff, NV}));   // 2^63
  EXPECT_EQ(to_int<F64>(0x43e0000000000000, false, 64), (IntResult{0x8000000000000000, 0}));
  EXPECT_EQ(to_int<F64>(0xc3e0000000000000, true, 64), (IntResult{0x8000000000000000, 0}));  // -2^63 fits
  EXPECT_EQ(to_int<F64>(0xc1e0000000000000, true, 32), (IntResult{0xffffffff80000000, 0}));  // -2^31 fits
  // The range is checked after rounding: 2^31 - 0.5 rounds up out of range in RNE, not in RTZ.
  EXPECT_EQ(to_int<F64>(0x41dfffffffe00000, true, 32, kRne), (IntResult{0x7fffffff, NV}));
  EXPECT_EQ(to_int<F64>(0x41dfffffffe00000, true, 32, kRtz), (IntResult{0x7fffffff, NX}));
  // Negative to unsigned: invalid unless it rounds to zero.
  EXPECT_EQ(to_int<F64>(0xbff0000000000000, false, 32), (IntResult{0, NV}));
  EXPECT_EQ(to_int<F64>(0xbfe0000000000000, false, 64, kRtz), (IntResult{0, NX}));  // -0.5
  EXPECT_EQ(to_int<F64>(0xbfe0000000000000, false, 64, kRmm), (IntResult{0, NV}));  // -0.5 -> -1
  EXPECT_EQ(to_int<F64>(0x8000000000000000, false, 64), (IntResult{0, 0}));         // -0
}

TEST(FpuConvert, FloatToIntRoundsInEveryMode) {
  // 2.5 and -2.5: RNE 2/-2, RTZ 2/-2, RDN 2/-3, RUP 3/-2, RMM 3/-3.
  const int64_t up[5] = {2, 2, 2, 3, 3}, down[5] = {-2, -2, -3, -2, -3};
  for (unsigned rm = 0; rm < 5; ++rm) {
    EXPECT_EQ(to_int<F32>(0x40200000, true, 64, Rounding(rm)), (IntResult{uint64_t(up[rm]), NX})) << rm;
    EXPECT_EQ(to_int<F32>(0xc0200000, true, 64, Rounding(rm)), (IntResult{uint64_t(down[rm]), NX})) << rm;
  }
  // Tiny values: 2^-1074 rounds to 0 or 1 by mode.
  EXPECT_EQ(to_int<F64>(0x0000000000000001, true, 32, kRne), (IntResult{0, NX}));
  EXPECT_EQ(to_int<F64>(0x0000000000000001, true, 32, kRup), (IntResult{1, NX}));
  EXPECT_EQ(to_int<F64>(0x8000000000000001, true, 32, kRdn), (IntResult{0xffffffffffffffff, NX}));
  // Large exact values.
  EXPECT_EQ(to_int<F64>(0x433fffffffffffff, false, 64), (IntResult{0x1fffffffffffff, 0}));  // 2^53-1
}

TEST(FpuConvert, IntToFloatRounds) {
  uint32_t flags = 0;
  EXPECT_EQ(soft::from_int<F32>(16777217, false, kRne, flags), 0x4b800000u);  // 2^24 + 1 -> 2^24 (tie, even)
  EXPECT_EQ(flags, NX);
  flags = 0;
  EXPECT_EQ(soft::from_int<F32>(16777217, false, kRmm, flags), 0x4b800001u);
  EXPECT_EQ(soft::from_int<F32>(16777217, true, kRdn, flags), 0xcb800001u);
  flags = 0;
  EXPECT_EQ(soft::from_int<F32>(~0ull, false, kRne, flags), 0x5f800000u);  // 2^64 - 1 -> 2^64
  EXPECT_EQ(flags, NX);
  flags = 0;
  EXPECT_EQ(soft::from_int<F32>(~0ull, false, kRtz, flags), 0x5f7fffffu);
  flags = 0;
  EXPECT_EQ(soft::from_int<F64>(1ull << 63, true, kRne, flags), 0xc3e0000000000000u);  // INT64_MIN, exact
  EXPECT_EQ(soft::from_int<F64>(0, true, kRdn, flags), 0u);                            // +0, never -0
  EXPECT_EQ(soft::from_int<F64>(0xffffffff, false, kRne, flags), 0x41efffffffe00000u);
  EXPECT_EQ(flags, 0u);
}

TEST(FpuConvert, BetweenFormats) {
  uint32_t flags = 0;
  EXPECT_EQ(soft::widen(0x00000001, flags), 0x36a0000000000000u);  // 2^-149, exact
  EXPECT_EQ(soft::widen(0xff800000, flags), 0xfff0000000000000u);
  EXPECT_EQ(flags, 0u);
  EXPECT_EQ(soft::widen(0x7f800001, flags), 0x7ff8000000000000u);  // sNaN: canonical, NV
  EXPECT_EQ(flags, NV);
  flags = 0;
  EXPECT_EQ(soft::narrow(0x7fefffffffffffff, kRne, flags), 0x7f800000u);
  EXPECT_EQ(flags, OF | NX);
  flags = 0;
  EXPECT_EQ(soft::narrow(0x7fefffffffffffff, kRtz, flags), 0x7f7fffffu);
  EXPECT_EQ(flags, OF | NX);
  flags = 0;
  EXPECT_EQ(soft::narrow(0x3ff0000010000000, kRne, flags), 0x3f800000u);  // 1 + 2^-24: tie to even
  EXPECT_EQ(soft::narrow(0x3ff0000010000000, kRmm, flags), 0x3f800001u);
  EXPECT_EQ(flags, NX);
  flags = 0;
  EXPECT_EQ(soft::narrow(0x0000000000000001, kRup, flags), 0x00000001u);  // smallest double -> 2^-149
  EXPECT_EQ(flags, UF | NX);
  flags = 0;
  EXPECT_EQ(soft::narrow(0xfff0000000000001, kRne, flags), 0x7fc00000u);
  EXPECT_EQ(flags, NV);
}

TEST(FpuCompare, QuietAndSignallingComparisons) {
  uint32_t flags = 0;
  EXPECT_EQ((compare<F32, Comparison::kEq>(0x80000000, 0x00000000, flags)), 1u);  // -0 == +0
  EXPECT_EQ((compare<F32, Comparison::kLt>(0x80000000, 0x00000000, flags)), 0u);
  EXPECT_EQ((compare<F32, Comparison::kLe>(0x80000000, 0x00000000, flags)), 1u);
  EXPECT_EQ((compare<F64, Comparison::kLt>(0xbff0000000000000, 0xbfe0000000000000, flags)), 1u);  // -1 < -0.5
  EXPECT_EQ((compare<F64, Comparison::kLe>(0x7ff0000000000000, 0x7ff0000000000000, flags)), 1u);
  EXPECT_EQ(flags, 0u);
  EXPECT_EQ((compare<F32, Comparison::kEq>(0x7fc00000, 0x7fc00000, flags)), 0u);  // qNaN: quiet for FEQ
  EXPECT_EQ(flags, 0u);
  EXPECT_EQ((compare<F32, Comparison::kEq>(0x7f800001, 0x3f800000, flags)), 0u);  // sNaN: NV
  EXPECT_EQ(flags, NV);
  flags = 0;
  EXPECT_EQ((compare<F32, Comparison::kLt>(0x3f800000, 0x7fc00000, flags)), 0u);  // FLT signals on qNaN
  EXPECT_EQ(flags, NV);
  flags = 0;
  EXPECT_EQ((compare<F64, Comparison::kLe>(0x7ff8000000000000, 0x0, flags)), 0u);
  EXPECT_EQ(flags, NV);
}

TEST(FpuCompare, MinMaxAreMinimumNumberMaximumNumber) {
  uint32_t flags = 0;
  EXPECT_EQ((min_max<F32, false>(0x00000000, 0x80000000, flags)), 0x80000000u);  // -0 < +0
  EXPECT_EQ((min_max<F32, false>(0x80000000, 0x00000000, flags)), 0x80000000u);
  EXPECT_EQ((min_max<F32, true>(0x80000000, 0x00000000, flags)), 0x00000000u);
  EXPECT_EQ((min_max<F32, true>(0x00000000, 0x80000000, flags)), 0x00000000u);
  EXPECT_EQ((min_max<F64, false>(0xbff0000000000000, 0x3ff0000000000000, flags)), 0xbff0000000000000u);
  EXPECT_EQ((min_max<F64, true>(0xfff0000000000000, 0xffefffffffffffff, flags)), 0xffefffffffffffffu);
  EXPECT_EQ((min_max<F32, false>(0x7fc00000, 0x3f800000, flags)), 0x3f800000u);  // qNaN loses, quietly
  EXPECT_EQ(flags, 0u);
  EXPECT_EQ((min_max<F32, true>(0x3f800000, 0x7f800001, flags)), 0x3f800000u);  // sNaN loses, with NV
  EXPECT_EQ(flags, NV);
  flags = 0;
  EXPECT_EQ((min_max<F64, false>(0x7ff8000000000001, 0xfff8000000000000, flags)), 0x7ff8000000000000u);
  EXPECT_EQ(flags, 0u);  // two quiet NaNs: the canonical NaN, no flag
  EXPECT_EQ((min_max<F32, true>(0x7f800001, 0xffc00000, flags)), 0x7fc00000u);
  EXPECT_EQ(flags, NV);
}

TEST(FpuClassify, AllTenClasses) {
  EXPECT_EQ(classify<F32>(0xff800000), 1u << 0);  // -inf
  EXPECT_EQ(classify<F32>(0xbf800000), 1u << 1);  // negative normal
  EXPECT_EQ(classify<F32>(0x807fffff), 1u << 2);  // negative subnormal
  EXPECT_EQ(classify<F32>(0x80000000), 1u << 3);  // -0
  EXPECT_EQ(classify<F32>(0x00000000), 1u << 4);  // +0
  EXPECT_EQ(classify<F32>(0x00000001), 1u << 5);  // positive subnormal
  EXPECT_EQ(classify<F32>(0x7f7fffff), 1u << 6);  // positive normal
  EXPECT_EQ(classify<F32>(0x7f800000), 1u << 7);  // +inf
  EXPECT_EQ(classify<F32>(0x7fbfffff), 1u << 8);  // signalling NaN
  EXPECT_EQ(classify<F32>(0xffc00000), 1u << 9);  // quiet NaN
  EXPECT_EQ(classify<F64>(0x8000000000000001), 1u << 2);
  EXPECT_EQ(classify<F64>(0x0010000000000000), 1u << 6);
  EXPECT_EQ(classify<F64>(0x7ff0000000000001), 1u << 8);
  EXPECT_EQ(classify<F64>(0x7ff8000000000000), 1u << 9);
}

TEST(FpuBoxing, SingleValuesAreNaNBoxed) {
  EXPECT_EQ(box32(0x3f800000), 0xffffffff3f800000u);
  EXPECT_EQ(unbox32(0xffffffff3f800000), 0x3f800000u);
  EXPECT_EQ(unbox32(0x000000003f800000), 0x7fc00000u);  // not boxed: the canonical NaN
  EXPECT_EQ(unbox32(0x7fffffff3f800000), 0x7fc00000u);
  EXPECT_EQ(unbox32(0x3ff0000000000000), 0x7fc00000u);  // a double read as single
}

TEST(FpuSignInjection, KeepsEverythingButTheSign) {
  EXPECT_EQ((inject_sign<F32, SignInjection::kCopy>(0x7fc12345, 0x80000000)),
            0xffc12345u);  // no canonicalising
  EXPECT_EQ((inject_sign<F32, SignInjection::kNegate>(0x3f800000, 0x3f800000)), 0xbf800000u);
  EXPECT_EQ((inject_sign<F64, SignInjection::kXor>(0xbff0000000000000, 0xbff0000000000000)),
            0x3ff0000000000000u);
}

}  // namespace
}  // namespace microvm::riscv::fpu
