# FEQ/FLT/FLE (quiet and signalling), FCLASS (all ten classes), FMV between register files.
#include "test.h"
#include "test_fp.h"
TEST_BEGIN
  TEST_FP_ENABLE

  # Comparisons: -0 == +0; FEQ signals only on sNaN, FLT/FLE on any NaN; NaN compares false.
  TEST_FPX_S( 2, 1, 0, 0x3f800000, 0x3f800000, feq.s a0, fa0, fa1)
  TEST_FPX_S( 3, 1, 0, 0x80000000, 0x00000000, feq.s a0, fa0, fa1)
  TEST_FPX_S( 4, 0, 0, 0x7fc00000, 0x7fc00000, feq.s a0, fa0, fa1)
  TEST_FPX_S( 5, 0, FFLAGS_NV, 0x7f800001, 0x3f800000, feq.s a0, fa0, fa1)
  TEST_FPX_S( 6, 1, 0, 0xbf800000, 0x3f800000, flt.s a0, fa0, fa1)
  TEST_FPX_S( 7, 0, 0, 0x80000000, 0x00000000, flt.s a0, fa0, fa1)
  TEST_FPX_S( 8, 0, FFLAGS_NV, 0x7fc00000, 0x3f800000, flt.s a0, fa0, fa1)
  TEST_FPX_S( 9, 1, 0, 0x80000000, 0x00000000, fle.s a0, fa0, fa1)
  TEST_FPX_S(10, 0, FFLAGS_NV, 0x3f800000, 0xffc00000, fle.s a0, fa0, fa1)
  TEST_FPX_S(11, 1, 0, 0xff800000, 0xff7fffff, flt.s a0, fa0, fa1)
  TEST_FPX_S(12, 0, 0, 0xbf800000, 0xc0000000, fle.s a0, fa0, fa1)
  TEST_FPX_D(13, 1, 0, 0x8000000000000000, 0x0000000000000000, feq.d a0, fa0, fa1)
  TEST_FPX_D(14, 0, FFLAGS_NV, 0x7ff0000000000001, 0x7ff0000000000001, feq.d a0, fa0, fa1)
  TEST_FPX_D(15, 0, 0, 0x7ff8000000000000, 0x3ff0000000000000, feq.d a0, fa0, fa1)
  TEST_FPX_D(16, 1, 0, 0xbff0000000000000, 0xbfe0000000000000, flt.d a0, fa0, fa1)
  TEST_FPX_D(17, 0, FFLAGS_NV, 0x3ff0000000000000, 0x7ff8000000000000, flt.d a0, fa0, fa1)
  TEST_FPX_D(18, 1, 0, 0x7ff0000000000000, 0x7ff0000000000000, fle.d a0, fa0, fa1)
  TEST_FPX_D(19, 0, FFLAGS_NV, 0x7ff8000000000000, 0x7ff8000000000000, fle.d a0, fa0, fa1)
  # x0 as the destination still raises the flag.
  TEST_FPX_S(20, 0, FFLAGS_NV, 0x7fc00000, 0x3f800000, li a0, 0; flt.s x0, fa0, fa1)

  # fclass.s / fclass.d
  TEST_FPX_S(30, 1 << 0, 0, 0xff800000, 0, fclass.s a0, fa0)
  TEST_FPX_S(31, 1 << 1, 0, 0xbf800000, 0, fclass.s a0, fa0)
  TEST_FPX_S(32, 1 << 2, 0, 0x807fffff, 0, fclass.s a0, fa0)
  TEST_FPX_S(33, 1 << 3, 0, 0x80000000, 0, fclass.s a0, fa0)
  TEST_FPX_S(34, 1 << 4, 0, 0x00000000, 0, fclass.s a0, fa0)
  TEST_FPX_S(35, 1 << 5, 0, 0x00000001, 0, fclass.s a0, fa0)
  TEST_FPX_S(36, 1 << 6, 0, 0x7f7fffff, 0, fclass.s a0, fa0)
  TEST_FPX_S(37, 1 << 7, 0, 0x7f800000, 0, fclass.s a0, fa0)
  TEST_FPX_S(38, 1 << 8, 0, 0x7f800001, 0, fclass.s a0, fa0)
  TEST_FPX_S(39, 1 << 9, 0, 0xffc00000, 0, fclass.s a0, fa0)
  TEST_FPX_D(40, 1 << 0, 0, 0xfff0000000000000, 0, fclass.d a0, fa0)
  TEST_FPX_D(41, 1 << 1, 0, 0x8010000000000000, 0, fclass.d a0, fa0)
  TEST_FPX_D(42, 1 << 2, 0, 0x800fffffffffffff, 0, fclass.d a0, fa0)
  TEST_FPX_D(43, 1 << 3, 0, 0x8000000000000000, 0, fclass.d a0, fa0)
  TEST_FPX_D(44, 1 << 4, 0, 0x0000000000000000, 0, fclass.d a0, fa0)
  TEST_FPX_D(45, 1 << 5, 0, 0x0000000000000001, 0, fclass.d a0, fa0)
  TEST_FPX_D(46, 1 << 6, 0, 0x3ff0000000000000, 0, fclass.d a0, fa0)
  TEST_FPX_D(47, 1 << 7, 0, 0x7ff0000000000000, 0, fclass.d a0, fa0)
  TEST_FPX_D(48, 1 << 8, 0, 0x7ff7ffffffffffff, 0, fclass.d a0, fa0)
  TEST_FPX_D(49, 1 << 9, 0, 0x7ff8000000000000, 0, fclass.d a0, fa0)

  # Moves: bits unchanged, no flags. FMV.X.W sign-extends bit 31 and does not check boxing;
  # FMV.W.X boxes.
  TEST_FPX_S(50, 0xffffffff80000000, 0, 0x80000000, 0, fmv.x.w a0, fa0)
  TEST_FPX_S(51, 0x7f800001, 0, 0x7f800001, 0, fmv.x.w a0, fa0)
  TEST_FPX_D(52, 0xffffffff9abcdef0, 0, 0x123456789abcdef0, 0, fmv.x.w a0, fa0)
  TEST_FPX_D(53, 0x123456789abcdef0, 0, 0x123456789abcdef0, 0, fmv.x.d a0, fa0)
  TEST_FPR_D(54, 0xffffffff9abcdef0, 0, 0x123456789abcdef0, 0, 0, fmv.w.x fa3, a1)
  TEST_FPR_D(55, 0x7ff0000000000001, 0, 0x7ff0000000000001, 0, 0, fmv.d.x fa3, a1)
TEST_END
