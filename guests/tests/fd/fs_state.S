# mstatus.FS (privileged spec 3.1.6.6): with FS = Off every F/D instruction and the fcsr CSRs are
# illegal; changing FP state (an f register, a raised flag, fcsr) makes FS Dirty and SD set.
# microvm tracks Dirty precisely: instructions that change nothing leave Clean alone (the spec
# also allows a conservative Dirty, so only the "must be Dirty" cases are architectural).
# QEMU 7.2 does not set Dirty when an instruction only raises flags (cases 50-51), which the spec
# requires (fflags is FP state), so this test is not one to check against QEMU.
#include "test.h"
#include "test_fp.h"
TEST_BEGIN
  TEST_TRAP_HANDLER
  TEST_FP_ENABLE
  li t0, 0x3f800000
  fmv.w.x fa0, t0
  fmv.w.x fa1, t0

  # --- FS = Off: illegal instruction, nothing changes. ---
  SET_FS(0)
  TEST_FS(2, 0)
  la a1, scratch
  TEST_ILLEGAL( 3, flw fa2, 0(a1))
  TEST_ILLEGAL( 4, fsw fa0, 0(a1))
  TEST_ILLEGAL( 5, fld fa2, 0(a1))
  TEST_ILLEGAL( 6, fsd fa0, 0(a1))
  TEST_ILLEGAL( 7, mv s0, a1; c.fld fs1, 0(s0))
  TEST_ILLEGAL( 8, mv s0, a1; c.fsd fs1, 0(s0))
  TEST_ILLEGAL( 9, c.fldsp fs1, 0(sp))
  TEST_ILLEGAL(10, c.fsdsp fs1, 0(sp))
  TEST_ILLEGAL(11, fadd.s fa2, fa0, fa1)
  TEST_ILLEGAL(12, fmadd.d fa2, fa0, fa1, fa0)
  TEST_ILLEGAL(13, fsqrt.d fa2, fa0)
  TEST_ILLEGAL(14, fsgnj.s fa2, fa0, fa1)
  TEST_ILLEGAL(15, fmin.d fa2, fa0, fa1)
  TEST_ILLEGAL(16, feq.s a0, fa0, fa1)
  TEST_ILLEGAL(17, fclass.d a0, fa0)
  TEST_ILLEGAL(18, fcvt.w.s a0, fa0)
  TEST_ILLEGAL(19, fcvt.d.l fa2, a0)
  TEST_ILLEGAL(20, fcvt.s.d fa2, fa0)
  TEST_ILLEGAL(21, fmv.x.w a0, fa0)
  TEST_ILLEGAL(22, fmv.w.x fa2, a0)
  TEST_ILLEGAL(23, fmv.x.d a0, fa0)
  TEST_ILLEGAL(24, fmv.d.x fa2, a0)
  TEST_ILLEGAL(25, csrr a0, fflags)
  TEST_ILLEGAL(26, csrw frm, x0)
  TEST_ILLEGAL(27, csrr a0, fcsr)
  # mtval holds the instruction bits, 32- and 16-bit.
  TEST_ILLEGAL(28, fadd.d fa2, fa0, fa1)
  li t0, 0x02b57653  # fadd.d fa2, fa0, fa1, dyn
  bne s11, t0, test_fail
  TEST_ILLEGAL(29, c.fldsp fs1, 8(sp))
  li t0, 0x24a2      # c.fldsp fs1, 8(sp)
  bne s11, t0, test_fail
  # The store did not happen, FS is still Off.
  TEST_CASE(30, a0, 0, ld a0, 0(a1))
  TEST_FS(31, 0)

  # --- Writing an f register makes FS Dirty, from Initial or Clean. ---
  SET_FS(1)
  TEST_FS(40, 1)
  fadd.s fa2, fa0, fa1
  TEST_FS(41, 3)
  SET_FS(2)
  TEST_FS(42, 2)
  flw fa2, 0(a1)
  TEST_FS(43, 3)
  SET_FS(2)
  fmv.w.x fa2, x0
  TEST_FS(44, 3)
  SET_FS(2)
  fsgnj.d fa2, fa0, fa0
  TEST_FS(45, 3)
  SET_FS(2)
  fcvt.d.w fa2, x0
  TEST_FS(46, 3)
  SET_FS(2)
  c.fldsp fs1, 0(sp)
  TEST_FS(47, 3)

  # --- Raising a flag makes FS Dirty even when only an integer register is written. ---
  SET_FS(2)
  li t0, 0x7fc00000
  fmv.w.x fa3, t0
  SET_FS(2)
  flt.s a0, fa3, fa0     # NV
  TEST_FS(50, 3)
  SET_FS(2)
  li t0, 0x3fc00000
  fmv.w.x fa4, t0
  SET_FS(2)
  fcvt.w.s a0, fa4, rtz  # NX
  TEST_FS(51, 3)
  SET_FS(2)
  csrwi fflags, 0
  TEST_FS(52, 3)

  # --- Instructions that change no FP state leave Clean alone (microvm is precise). ---
  SET_FS(2)
  fsw fa0, 0(a1)
  fsd fa0, 8(a1)
  fmv.x.w a0, fa0
  fmv.x.d a0, fa0
  feq.s a0, fa0, fa1
  fclass.s a0, fa0
  fcvt.w.s a0, fa0
  csrr a0, fcsr
  TEST_FS(60, 2)
TEST_END

  .data
  .balign 8
scratch: .dword 0, 0
