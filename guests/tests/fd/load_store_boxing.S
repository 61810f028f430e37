# FLW/FSW/FLD/FSD (and the compressed C.FLD/C.FSD/C.FLDSP/C.FSDSP) move bits unchanged; single
# values are NaN-boxed in the f registers, and an improperly boxed input reads as the canonical
# NaN (unprivileged spec 12.2).
#include "test.h"
#include "test_fp.h"
TEST_BEGIN
  TEST_FP_ENABLE

  # FLW boxes, even a signalling NaN, without flags.
  TEST_CASE( 2, a0, 0xffffffff7f800001, la a1, words; flw fa0, 0(a1); fmv.x.d a0, fa0)
  TEST_CASE( 3, a0, 0xffffffffbf800000, la a1, words; flw fa0, 4(a1); fmv.x.d a0, fa0)
  TEST_CASE( 4, a0, 0, frflags a0)
  # FSW stores the low word whatever the upper half holds.
  TEST_CASE( 5, a0, 0x9abcdef0, li t0, 0x123456789abcdef0; fmv.d.x fa0, t0; la a1, scratch; fsw fa0, 0(a1); lwu a0, 0(a1))
  # FLD/FSD round trip, with a negative offset.
  TEST_CASE( 6, a0, 0x7ff0000000000001, la a1, doubles + 8; fld fa0, -8(a1); fsd fa0, 8(a1); ld a0, 8(a1))
  TEST_CASE( 7, a0, 0xc000000000000000, la a1, doubles; fld fa1, 8(a1); fmv.x.d a0, fa1)
  # Compressed forms (the assembler picks c.fld/c.fsd for x8-x15 and f8-f15, sp-relative forms).
  TEST_CASE( 8, a0, 0x7ff0000000000001, la s0, doubles; c.fld fs0, 0(s0); fmv.x.d a0, fs0)
  TEST_CASE( 9, a0, 0x7ff0000000000001, la s0, scratch; c.fsd fs0, 8(s0); ld a0, 8(s0))
  TEST_CASE(10, a0, 0xc000000000000000, mv s1, sp; la sp, doubles; c.fldsp fa5, 8(sp); c.fsdsp fa5, 16(sp); ld a0, 16(sp); mv sp, s1)

  # A single-precision operation on a register holding a double (not boxed) sees the canonical
  # NaN: a quiet NaN, so no NV, and the result is the canonical NaN.
  TEST_FPR_S(20, 0x7fc00000, 0, 0, 0, 0, li t0, 0x3ff0000000000000; fmv.d.x fa0, t0; fadd.s fa3, fa0, fa0)
  TEST_FPX_S(21, 1 << 9, 0, 0, 0, li t0, 0x000000003f800000; fmv.d.x fa0, t0; fclass.s a0, fa0)
  TEST_FPR_D(22, 0x7ff8000000000000, 0, 0, 0, 0, li t0, 0xfffffffe3f800000; fmv.d.x fa0, t0; fcvt.d.s fa3, fa0)
  TEST_FPX_S(23, 0, 0, 0, 0, li t0, 0x7fffffff00000000; fmv.d.x fa0, t0; feq.s a0, fa0, fa0)
  TEST_FPX_S(24, 0, FFLAGS_NV, 0, 0, li t0, 0x00000000ff800000; fmv.d.x fa0, t0; fle.s a0, fa0, fa0)
  # Sign injection reads through the box check too: FMV.S of an unboxed value gives the
  # canonical NaN (boxed), FNEG.S its negation.
  TEST_FPR_S(25, 0x7fc00000, 0, 0, 0, 0, li t0, 0x123456783f800000; fmv.d.x fa0, t0; fmv.s fa3, fa0)
  TEST_FPR_S(26, 0xffc00000, 0, 0, 0, 0, li t0, 0x123456783f800000; fmv.d.x fa0, t0; fneg.s fa3, fa0)
  # fmin.s with one unboxed operand returns the other (the canonical NaN is quiet).
  TEST_FPR_S(27, 0x40000000, 0, 0, 0x40000000, 0, li t0, 0x3f800000; fmv.d.x fa0, t0; fmin.s fa3, fa0, fa1)
  # fcvt.w.s of an unboxed value: NaN -> 2^31 - 1, NV.
  TEST_FPX_S(28, 0x7fffffff, FFLAGS_NV, 0, 0, li t0, 0x3f800000; fmv.d.x fa0, t0; fcvt.w.s a0, fa0)
  # Results of single-precision operations are boxed (fa3 starts as a double).
  TEST_FPR_S(29, 0x40400000, 0, 0x3f800000, 0x40000000, 0, fmv.d.x fa3, x0; fadd.s fa3, fa0, fa1)
  TEST_FPR_S(30, 0x3f800000, 0, 0x3ff0000000000000, 0, 0, fmv.d.x fa0, a1; fcvt.s.d fa3, fa0)
TEST_END

  .data
  .balign 8
words:   .word 0x7f800001, 0xbf800000
doubles: .dword 0x7ff0000000000001, 0xc000000000000000, 0
scratch: .dword 0, 0
