# --cpu rv64,d=off: misa.D is clear and D instructions (and c.fld) are illegal; F still works.
#include "test.h"

TEST_BEGIN
  TEST_CASE(2, a0, 1 << 5, csrr a0, misa; li t0, (1 << 3) | (1 << 5); and a0, a0, t0)
  li t0, MSTATUS_FS
  csrs mstatus, t0
  TEST_CASE(3, a0, 0x40400000, li a0, 0x3f800000; fmv.w.x fa0, a0; li a0, 0x40000000; fmv.w.x fa1, a0; fadd.s fa2, fa0, fa1; fmv.x.w a0, fa2)
  TEST_TRAP(4, CAUSE_ILLEGAL_INSTRUCTION, 0x02b57553, fadd.d fa0, fa0, fa1)
  TEST_TRAP(5, CAUSE_ILLEGAL_INSTRUCTION, 0xe2050553, fmv.x.d a0, fa0)
  la a1, scratch
  TEST_TRAP(6, CAUSE_ILLEGAL_INSTRUCTION, 0x2188, c.fld fa0, 0(a1))
TEST_END
  .data
  .balign 8
scratch: .dword 0
