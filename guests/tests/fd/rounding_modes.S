# The dynamic rounding mode (frm), fcsr's layout, and illegal encodings: rm 5 and 6 anywhere,
# rm = 7 while frm holds 5..7, bad funct3/rs2/fmt fields (unprivileged spec 11.2, chapter 11-12).
#include "test.h"
#include "test_fp.h"
TEST_BEGIN
  TEST_TRAP_HANDLER
  TEST_FP_ENABLE

  # fadd.s with rm = dyn takes frm: 1 + 2^-24 and -1 - 2^-24 are ties.
  TEST_FPR_S( 2, 0x3f800000, FFLAGS_NX, 0x3f800000, 0x33800000, 0, fsrmi 0; fadd.s fa3, fa0, fa1)
  TEST_FPR_S( 3, 0x3f800000, FFLAGS_NX, 0x3f800000, 0x33800000, 0, fsrmi 1; fadd.s fa3, fa0, fa1)
  TEST_FPR_S( 4, 0x3f800000, FFLAGS_NX, 0x3f800000, 0x33800000, 0, fsrmi 2; fadd.s fa3, fa0, fa1)
  TEST_FPR_S( 5, 0x3f800001, FFLAGS_NX, 0x3f800000, 0x33800000, 0, fsrmi 3; fadd.s fa3, fa0, fa1)
  TEST_FPR_S( 6, 0x3f800001, FFLAGS_NX, 0x3f800000, 0x33800000, 0, fsrmi 4; fadd.s fa3, fa0, fa1)
  TEST_FPR_S( 7, 0xbf800001, FFLAGS_NX, 0xbf800000, 0xb3800000, 0, fsrmi 2; fadd.s fa3, fa0, fa1)
  TEST_FPR_S( 8, 0xbf800000, FFLAGS_NX, 0xbf800000, 0xb3800000, 0, fsrmi 3; fadd.s fa3, fa0, fa1)
  # A static rm overrides frm.
  TEST_FPR_S( 9, 0x3f800000, FFLAGS_NX, 0x3f800000, 0x33800000, 0, fsrmi 3; fadd.s fa3, fa0, fa1, rtz)
  TEST_FPR_D(10, 0x3ff0000000000001, FFLAGS_NX, 0x3ff0000000000000, 0x3ca0000000000000, 0, fsrmi 4; fadd.d fa3, fa0, fa1)
  TEST_FPX_D(11, 3, FFLAGS_NX, 0x4004000000000000, 0, fsrmi 4; fcvt.l.d a0, fa0)
  TEST_FPX_D(12, 2, FFLAGS_NX, 0x4004000000000000, 0, fsrmi 0; fcvt.l.d a0, fa0)
  TEST_FPR_S(13, 0x4b800001, FFLAGS_NX, 0x1000001, 0, 0, fsrmi 3; fcvt.s.w fa3, a1)

  # fcsr = frm << 5 | fflags; fsrm returns the old mode; upper bits read as zero.
  TEST_CASE(20, a0, 0xff, li t0, 0x1ff; csrw fcsr, t0; csrr a0, fcsr)
  TEST_CASE(21, a0, 7, csrr a0, frm)
  TEST_CASE(22, a0, 0x1f, csrr a0, fflags)
  TEST_CASE(23, a0, 7, fsrmi a0, 2)
  TEST_CASE(24, a0, 0x5f, csrr a0, fcsr)
  TEST_CASE(25, a0, 0x1f, fsflagsi a0, 1)
  TEST_CASE(26, a0, 0x41, csrr a0, fcsr)
  csrwi fcsr, 0

  # frm = 5, 6, 7: instructions using the dynamic mode are illegal and change nothing...
  li t0, 0x40400000
  fmv.w.x fa2, t0
  li t0, 0x3f800000
  fmv.w.x fa0, t0
  fmv.w.x fa1, t0
  fsrmi 5
  TEST_ILLEGAL(30, fadd.s fa2, fa0, fa1)
  fsrmi 6
  TEST_ILLEGAL(31, fmadd.d fa2, fa0, fa1, fa0)
  fsrmi 7
  TEST_ILLEGAL(32, fsqrt.s fa2, fa0)
  TEST_ILLEGAL(33, fcvt.w.s a0, fa0)
  TEST_ILLEGAL(34, fcvt.s.l fa2, a0)
  TEST_ILLEGAL(35, .insn r OP_FP, 7, 0x21, fa2, fa0, x0)  # fcvt.d.s, dyn: exact, but it has an rm field
  TEST_ILLEGAL(36, fcvt.s.d fa2, fa0)
  TEST_ILLEGAL(37, .insn r OP_FP, 7, 0x69, fa2, a0, x1)  # fcvt.d.wu, dyn
  TEST_CASE(38, a0, 0xffffffff40400000, fmv.x.d a0, fa2)
  TEST_CASE(39, a0, 0, frflags a0)
  # ...while static modes and instructions without an rm field still work.
  TEST_NO_TRAP(40, fadd.s fa2, fa0, fa1, rne)
  TEST_NO_TRAP(41, fsgnj.s fa2, fa0, fa1; fmin.d fa2, fa0, fa1; feq.s a0, fa0, fa1; fclass.s a0, fa0)
  TEST_NO_TRAP(42, fmv.x.w a0, fa0; fmv.w.x fa2, a0; flw fa2, 0(sp); fsw fa2, 0(sp))
  csrwi frm, 0

  # rm = 5 and 6 are reserved in the encoding itself.
  TEST_ILLEGAL(50, .insn r OP_FP, 5, 0x00, fa2, fa0, fa1)       # fadd.s, rm 5
  TEST_ILLEGAL(51, .insn r OP_FP, 6, 0x01, fa2, fa0, fa1)       # fadd.d, rm 6
  TEST_ILLEGAL(52, .insn r4 MADD, 5, 0, fa2, fa0, fa1, fa0)     # fmadd.s, rm 5
  TEST_ILLEGAL(53, .insn r4 NMADD, 6, 1, fa2, fa0, fa1, fa0)    # fnmadd.d, rm 6
  TEST_ILLEGAL(54, .insn r OP_FP, 5, 0x2c, fa2, fa0, x0)        # fsqrt.s, rm 5
  TEST_ILLEGAL(55, .insn r OP_FP, 6, 0x60, a0, fa0, x0)         # fcvt.w.s, rm 6
  TEST_ILLEGAL(56, .insn r OP_FP, 5, 0x69, fa2, a0, x0)         # fcvt.d.w, rm 5
  TEST_ILLEGAL(57, .insn r OP_FP, 6, 0x21, fa2, fa0, x0)        # fcvt.d.s, rm 6
  # Other reserved fields.
  TEST_ILLEGAL(60, .insn r OP_FP, 3, 0x10, fa2, fa0, fa1)       # fsgnj funct3 3
  TEST_ILLEGAL(61, .insn r OP_FP, 4, 0x14, fa2, fa0, fa1)       # fmin/fmax funct3 4 (2, 3: Zfa)
  TEST_ILLEGAL(62, .insn r OP_FP, 3, 0x50, a0, fa0, fa1)        # feq/flt/fle funct3 3
  TEST_ILLEGAL(63, .insn r OP_FP, 1, 0x70, a0, fa0, x1)         # fclass.s with rs2 = 1
  TEST_ILLEGAL(64, .insn r OP_FP, 0, 0x2d, fa2, fa0, x1)        # fsqrt.d with rs2 = 1
  TEST_ILLEGAL(65, .insn r OP_FP, 0, 0x60, a0, fa0, x4)         # fcvt.w.s with rs2 = 4
  TEST_ILLEGAL(66, .insn r OP_FP, 0, 0x78, fa2, a0, x2)         # fmv.w.x with rs2 = 2 (1: Zfa's fli)
  TEST_ILLEGAL(67, .insn r OP_FP, 0, 0x20, fa2, fa0, x0)        # fcvt.s.s (rs2 = S)
  TEST_ILLEGAL(68, .insn r OP_FP, 5, 0x02, fa2, fa0, fa1)       # fadd.h, rm 5
  TEST_ILLEGAL(69, .insn r OP_FP, 0, 0x03, fa2, fa0, fa1)       # fadd.q: Q not implemented
  TEST_ILLEGAL(70, .insn r OP_FP, 0, 0x2e, fa2, fa0, x1)        # fsqrt.h with rs2 = 1
  TEST_ILLEGAL(71, .insn i LOAD_FP, 4, fa2, 0(sp))              # flq
  TEST_ILLEGAL(72, .insn s STORE_FP, 4, fa2, 0(sp))             # fsq
TEST_END
