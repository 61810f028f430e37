# Single-precision arithmetic: FADD/FSUB/FMUL/FDIV/FSQRT/FMIN/FMAX/FSGNJ*/FMADD family, exact
# results and fflags in every rounding mode where it matters.
#include "test.h"
#include "test_fp.h"
TEST_BEGIN
  TEST_FP_ENABLE

  # fadd.s: exact, ties in every mode (1 + 2^-24 is halfway between 1 and 1 + 2^-23).
  TEST_FPR_S( 2, 0x40400000, 0, 0x3f800000, 0x40000000, 0, fadd.s fa3, fa0, fa1)
  TEST_FPR_S( 3, 0x3f800000, FFLAGS_NX, 0x3f800000, 0x33800000, 0, fadd.s fa3, fa0, fa1, rne)
  TEST_FPR_S( 4, 0x3f800000, FFLAGS_NX, 0x3f800000, 0x33800000, 0, fadd.s fa3, fa0, fa1, rtz)
  TEST_FPR_S( 5, 0x3f800000, FFLAGS_NX, 0x3f800000, 0x33800000, 0, fadd.s fa3, fa0, fa1, rdn)
  TEST_FPR_S( 6, 0x3f800001, FFLAGS_NX, 0x3f800000, 0x33800000, 0, fadd.s fa3, fa0, fa1, rup)
  TEST_FPR_S( 7, 0x3f800001, FFLAGS_NX, 0x3f800000, 0x33800000, 0, fadd.s fa3, fa0, fa1, rmm)
  TEST_FPR_S( 8, 0xbf800001, FFLAGS_NX, 0xbf800000, 0xb3800000, 0, fadd.s fa3, fa0, fa1, rdn)
  TEST_FPR_S( 9, 0xbf800001, FFLAGS_NX, 0xbf800000, 0xb3800000, 0, fadd.s fa3, fa0, fa1, rmm)
  TEST_FPR_S(10, 0x7fc00000, FFLAGS_NV, 0x7f800000, 0xff800000, 0, fadd.s fa3, fa0, fa1)
  TEST_FPR_S(11, 0x7fc00000, 0, 0xffc12345, 0x3f800000, 0, fadd.s fa3, fa0, fa1)
  TEST_FPR_S(12, 0x7fc00000, FFLAGS_NV, 0x7f800001, 0x3f800000, 0, fadd.s fa3, fa0, fa1)
  TEST_FPR_S(13, 0x7f800000, FFLAGS_OF | FFLAGS_NX, 0x7f7fffff, 0x7f7fffff, 0, fadd.s fa3, fa0, fa1, rne)
  TEST_FPR_S(14, 0x7f7fffff, FFLAGS_OF | FFLAGS_NX, 0x7f7fffff, 0x7f7fffff, 0, fadd.s fa3, fa0, fa1, rtz)
  TEST_FPR_S(15, 0x80000000, 0, 0x80000000, 0x80000000, 0, fadd.s fa3, fa0, fa1)
  TEST_FPR_S(16, 0x00800000, 0, 0x00000001, 0x007fffff, 0, fadd.s fa3, fa0, fa1)

  # fsub.s: x - x is +0, or -0 rounding down.
  TEST_FPR_S(20, 0x40000000, 0, 0x40400000, 0x3f800000, 0, fsub.s fa3, fa0, fa1)
  TEST_FPR_S(21, 0x3f7fffff, 0, 0x3f800000, 0x33800000, 0, fsub.s fa3, fa0, fa1)
  TEST_FPR_S(22, 0x00000000, 0, 0x3fc00000, 0x3fc00000, 0, fsub.s fa3, fa0, fa1, rne)
  TEST_FPR_S(23, 0x80000000, 0, 0x3fc00000, 0x3fc00000, 0, fsub.s fa3, fa0, fa1, rdn)
  TEST_FPR_S(24, 0x7fc00000, FFLAGS_NV, 0x7f800000, 0x7f800000, 0, fsub.s fa3, fa0, fa1)

  # fmul.s: ties (1.5 * (1 + 3 * 2^-23) = 1.5 + 4.5 ulp), underflow, overflow by mode.
  TEST_FPR_S(30, 0x40a00000, 0, 0x40200000, 0x40000000, 0, fmul.s fa3, fa0, fa1)
  TEST_FPR_S(31, 0x3fc00004, FFLAGS_NX, 0x3fc00000, 0x3f800003, 0, fmul.s fa3, fa0, fa1, rne)
  TEST_FPR_S(32, 0x3fc00005, FFLAGS_NX, 0x3fc00000, 0x3f800003, 0, fmul.s fa3, fa0, fa1, rmm)
  TEST_FPR_S(33, 0x3fc00005, FFLAGS_NX, 0x3fc00000, 0x3f800003, 0, fmul.s fa3, fa0, fa1, rup)
  TEST_FPR_S(34, 0x00000000, FFLAGS_UF | FFLAGS_NX, 0x00000001, 0x3f000000, 0, fmul.s fa3, fa0, fa1, rne)
  TEST_FPR_S(35, 0x00000001, FFLAGS_UF | FFLAGS_NX, 0x00000001, 0x3f000000, 0, fmul.s fa3, fa0, fa1, rmm)
  TEST_FPR_S(36, 0x00400000, 0, 0x00800000, 0x3f000000, 0, fmul.s fa3, fa0, fa1)
  # Tininess after rounding: (1 - 2^-24) * 2^-126 rounds to 2^-126 but is tiny: UF.
  TEST_FPR_S(37, 0x00800000, FFLAGS_UF | FFLAGS_NX, 0x3f7fffff, 0x00800000, 0, fmul.s fa3, fa0, fa1)
  TEST_FPR_S(38, 0x7f7fffff, FFLAGS_OF | FFLAGS_NX, 0x7f7fffff, 0x40000000, 0, fmul.s fa3, fa0, fa1, rdn)
  TEST_FPR_S(39, 0xff800000, FFLAGS_OF | FFLAGS_NX, 0xff7fffff, 0x40000000, 0, fmul.s fa3, fa0, fa1, rdn)
  TEST_FPR_S(40, 0xff7fffff, FFLAGS_OF | FFLAGS_NX, 0xff7fffff, 0x40000000, 0, fmul.s fa3, fa0, fa1, rup)
  TEST_FPR_S(41, 0x7fc00000, FFLAGS_NV, 0x7f800000, 0x80000000, 0, fmul.s fa3, fa0, fa1)

  # fdiv.s: 1/3 in each direction, division by zero, 0/0.
  TEST_FPR_S(50, 0x3eaaaaab, FFLAGS_NX, 0x3f800000, 0x40400000, 0, fdiv.s fa3, fa0, fa1, rne)
  TEST_FPR_S(51, 0x3eaaaaaa, FFLAGS_NX, 0x3f800000, 0x40400000, 0, fdiv.s fa3, fa0, fa1, rtz)
  TEST_FPR_S(52, 0xbeaaaaab, FFLAGS_NX, 0xbf800000, 0x40400000, 0, fdiv.s fa3, fa0, fa1, rdn)
  TEST_FPR_S(53, 0x3eaaaaab, FFLAGS_NX, 0x3f800000, 0x40400000, 0, fdiv.s fa3, fa0, fa1, rmm)
  TEST_FPR_S(54, 0x40000000, 0, 0x40c00000, 0x40400000, 0, fdiv.s fa3, fa0, fa1)
  TEST_FPR_S(55, 0xff800000, FFLAGS_DZ, 0x3f800000, 0x80000000, 0, fdiv.s fa3, fa0, fa1)
  TEST_FPR_S(56, 0x7fc00000, FFLAGS_NV, 0x00000000, 0x00000000, 0, fdiv.s fa3, fa0, fa1)
  TEST_FPR_S(57, 0x00000000, 0, 0x3f800000, 0x7f800000, 0, fdiv.s fa3, fa0, fa1)
  TEST_FPR_S(58, 0x00000002, FFLAGS_UF | FFLAGS_NX, 0x00000005, 0x40000000, 0, fdiv.s fa3, fa0, fa1, rne)
  TEST_FPR_S(59, 0x00000003, FFLAGS_UF | FFLAGS_NX, 0x00000005, 0x40000000, 0, fdiv.s fa3, fa0, fa1, rmm)

  # fsqrt.s
  TEST_FPR_S(60, 0x40000000, 0, 0x40800000, 0, 0, fsqrt.s fa3, fa0)
  TEST_FPR_S(61, 0x3fb504f3, FFLAGS_NX, 0x40000000, 0, 0, fsqrt.s fa3, fa0, rne)
  TEST_FPR_S(62, 0x3fb504f4, FFLAGS_NX, 0x40000000, 0, 0, fsqrt.s fa3, fa0, rup)
  TEST_FPR_S(63, 0x3fb504f3, FFLAGS_NX, 0x40000000, 0, 0, fsqrt.s fa3, fa0, rmm)
  TEST_FPR_S(64, 0x7fc00000, FFLAGS_NV, 0xbf800000, 0, 0, fsqrt.s fa3, fa0)
  TEST_FPR_S(65, 0x80000000, 0, 0x80000000, 0, 0, fsqrt.s fa3, fa0)
  TEST_FPR_S(66, 0x7f800000, 0, 0x7f800000, 0, 0, fsqrt.s fa3, fa0)
  TEST_FPR_S(67, 0x7fc00000, FFLAGS_NV, 0x7f800001, 0, 0, fsqrt.s fa3, fa0)
  TEST_FPR_S(68, 0x7fc00000, FFLAGS_NV, 0xff800000, 0, 0, fsqrt.s fa3, fa0)

  # fmin.s / fmax.s: minimumNumber/maximumNumber, -0 < +0.
  TEST_FPR_S(70, 0x3f800000, 0, 0x3f800000, 0x40000000, 0, fmin.s fa3, fa0, fa1)
  TEST_FPR_S(71, 0x40000000, 0, 0x3f800000, 0x40000000, 0, fmax.s fa3, fa0, fa1)
  TEST_FPR_S(72, 0x80000000, 0, 0x00000000, 0x80000000, 0, fmin.s fa3, fa0, fa1)
  TEST_FPR_S(73, 0x80000000, 0, 0x80000000, 0x00000000, 0, fmin.s fa3, fa0, fa1)
  TEST_FPR_S(74, 0x00000000, 0, 0x80000000, 0x00000000, 0, fmax.s fa3, fa0, fa1)
  TEST_FPR_S(75, 0x00000000, 0, 0x00000000, 0x80000000, 0, fmax.s fa3, fa0, fa1)
  TEST_FPR_S(76, 0x3f800000, 0, 0x7fc00000, 0x3f800000, 0, fmin.s fa3, fa0, fa1)
  TEST_FPR_S(77, 0x3f800000, FFLAGS_NV, 0x7f800001, 0x3f800000, 0, fmax.s fa3, fa0, fa1)
  TEST_FPR_S(78, 0xbf800000, FFLAGS_NV, 0xbf800000, 0x7f800001, 0, fmin.s fa3, fa0, fa1)
  TEST_FPR_S(79, 0x7fc00000, 0, 0x7fc00001, 0xffc00000, 0, fmax.s fa3, fa0, fa1)
  TEST_FPR_S(80, 0x7fc00000, FFLAGS_NV, 0x7f800001, 0x7fc00000, 0, fmin.s fa3, fa0, fa1)
  TEST_FPR_S(81, 0xff800000, 0, 0xff800000, 0xff7fffff, 0, fmin.s fa3, fa0, fa1)

  # Sign injection: no flags, no canonicalisation.
  TEST_FPR_S(90, 0xbf800000, 0, 0x3f800000, 0xc0000000, 0, fsgnj.s fa3, fa0, fa1)
  TEST_FPR_S(91, 0x3f800000, 0, 0x3f800000, 0xc0000000, 0, fsgnjn.s fa3, fa0, fa1)
  TEST_FPR_S(92, 0x3f800000, 0, 0xbf800000, 0xc0000000, 0, fsgnjx.s fa3, fa0, fa1)
  TEST_FPR_S(93, 0xbf800000, 0, 0xbf800000, 0x40000000, 0, fsgnjx.s fa3, fa0, fa1)
  TEST_FPR_S(94, 0xffc12345, 0, 0x7fc12345, 0x80000000, 0, fsgnj.s fa3, fa0, fa1)
  TEST_FPR_S(95, 0x7f800001, 0, 0xff800001, 0, 0, fabs.s fa3, fa0)
  TEST_FPR_S(96, 0x80000000, 0, 0x00000000, 0, 0, fneg.s fa3, fa0)

  # Fused multiply-add: one rounding. a = 1 + 2^-12: a * a = 1 + 2^-11 + 2^-24.
  TEST_FPR_S(100, 0x40a00000, 0, 0x3f800000, 0x40000000, 0x40400000, fmadd.s fa3, fa0, fa1, fa2)
  TEST_FPR_S(101, 0x33800000, 0, 0x3f800800, 0x3f800800, 0xbf801000, fmadd.s fa3, fa0, fa1, fa2)
  TEST_FPR_S(102, 0x33800000, 0, 0x3f800800, 0x3f800800, 0x3f801000, fmsub.s fa3, fa0, fa1, fa2)
  TEST_FPR_S(103, 0xb3800000, 0, 0x3f800800, 0x3f800800, 0x3f801000, fnmsub.s fa3, fa0, fa1, fa2)
  TEST_FPR_S(104, 0xb3800000, 0, 0x3f800800, 0x3f800800, 0xbf801000, fnmadd.s fa3, fa0, fa1, fa2)
  TEST_FPR_S(105, 0x3f800001, FFLAGS_NX, 0x3f800000, 0x3f800000, 0x33800000, fmadd.s fa3, fa0, fa1, fa2, rmm)
  TEST_FPR_S(106, 0x3f800000, FFLAGS_NX, 0x3f800000, 0x3f800000, 0x33800000, fmadd.s fa3, fa0, fa1, fa2, rne)
  TEST_FPR_S(107, 0x7fc00000, FFLAGS_NV, 0x7f800000, 0x00000000, 0x7fc00000, fmadd.s fa3, fa0, fa1, fa2)
  TEST_FPR_S(108, 0x7fc00000, 0, 0x7f800000, 0x3f800000, 0x7fc00000, fmadd.s fa3, fa0, fa1, fa2)
  TEST_FPR_S(109, 0x7fc00000, FFLAGS_NV, 0x7f800000, 0x3f800000, 0xff800000, fmadd.s fa3, fa0, fa1, fa2)
  TEST_FPR_S(110, 0x80000000, 0, 0x00000000, 0x3f800000, 0x00000000, fnmadd.s fa3, fa0, fa1, fa2)
  TEST_FPR_S(111, 0x00000000, 0, 0x00000000, 0x3f800000, 0x80000000, fmadd.s fa3, fa0, fa1, fa2, rne)
  TEST_FPR_S(112, 0x80000000, 0, 0x00000000, 0x3f800000, 0x80000000, fmadd.s fa3, fa0, fa1, fa2, rdn)
  TEST_FPR_S(113, 0x00000000, 0, 0x3f800000, 0x3f800000, 0x3f800000, fnmsub.s fa3, fa0, fa1, fa2)
  TEST_FPR_S(114, 0x80000000, 0, 0x3f800000, 0x3f800000, 0x3f800000, fnmsub.s fa3, fa0, fa1, fa2, rdn)
  # The product 2 * max overflows on its own, but the fused sum is exact.
  TEST_FPR_S(115, 0x7f7fffff, 0, 0x7f7fffff, 0x40000000, 0xff7fffff, fmadd.s fa3, fa0, fa1, fa2, rne)
  TEST_FPR_S(116, 0x7f800000, FFLAGS_OF | FFLAGS_NX, 0x7f7fffff, 0x40000000, 0xff7fffff, fmsub.s fa3, fa0, fa1, fa2, rne)
TEST_END
