# --cpu rv64,zfh=off: Zfhmin stays (loads, stores, moves, conversions), Zfh's arithmetic is illegal.
#include "test.h"

TEST_BEGIN
  li t0, MSTATUS_FS
  csrs mstatus, t0
  TEST_CASE(2, a0, 0x3c00, li a0, 0x3f800000; fmv.w.x fa0, a0; fcvt.h.s fa1, fa0; fmv.x.h a0, fa1)
  TEST_TRAP(3, CAUSE_ILLEGAL_INSTRUCTION, 0x04b57553, fadd.h fa0, fa0, fa1)
  TEST_TRAP(4, CAUSE_ILLEGAL_INSTRUCTION, 0xe4051553, fclass.h a0, fa0)
TEST_END
