# --cpu rv64,f=off (D, Zfh, Zfhmin and Zfa go with it): misa.F and D are clear, mstatus.FS is
# read-only zero, so fcsr and every FP instruction (loads and moves too) are illegal.
#include "test.h"

TEST_BEGIN
  TEST_CASE(2, a0, 0, csrr a0, misa; li t0, (1 << 3) | (1 << 5); and a0, a0, t0)
  TEST_CASE(3, a0, 0, li t0, MSTATUS_FS; csrs mstatus, t0; csrr a0, mstatus; and a0, a0, t0)
  TEST_TRAP(4, CAUSE_ILLEGAL_INSTRUCTION, 0x00302573, csrr a0, fcsr)
  TEST_TRAP(5, CAUSE_ILLEGAL_INSTRUCTION, 0x00b57553, fadd.s fa0, fa0, fa1)
  TEST_TRAP(6, CAUSE_ILLEGAL_INSTRUCTION, 0xf0050553, fmv.w.x fa0, a0)
  TEST_TRAP(7, CAUSE_ILLEGAL_INSTRUCTION, 0x02b57553, fadd.d fa0, fa0, fa1)
TEST_END
