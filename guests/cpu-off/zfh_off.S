# --cpu rv64,zfh=off,zfhmin=off: half-precision loads, moves, conversions and arithmetic are
# illegal; F still works.
#include "test.h"

TEST_BEGIN
  li t0, MSTATUS_FS
  csrs mstatus, t0
  la a1, scratch
  TEST_TRAP(2, CAUSE_ILLEGAL_INSTRUCTION, 0x00059507, flh fa0, 0(a1))
  TEST_TRAP(3, CAUSE_ILLEGAL_INSTRUCTION, 0xf4050553, fmv.h.x fa0, a0)
  TEST_TRAP(4, CAUSE_ILLEGAL_INSTRUCTION, 0x40250553, fcvt.s.h fa0, fa0)
  TEST_TRAP(5, CAUSE_ILLEGAL_INSTRUCTION, 0x04b57553, fadd.h fa0, fa0, fa1)
  TEST_CASE(6, a0, 0x3f800000, li a0, 0x3f800000; fmv.w.x fa0, a0; fmv.x.w a0, fa0)
TEST_END
  .data
scratch: .dword 0
