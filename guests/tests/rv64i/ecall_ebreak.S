# ECALL and EBREAK from M-mode: cause 11 and 3, mepc = the instruction, mtval = 0 (for ebreak
# the privileged spec allows 0 or the pc; this hart and QEMU 7.2 write 0), MPP = M.
#include "test.h"
.option norvc
TEST_BEGIN
  li TESTNUM, 2
  EXPECT_TRAP(1: ecall)
  CHECK(s9, CAUSE_MACHINE_ECALL)
  CHECK(s10, 0)
  CHECK_LABEL(s11, 1b)
  li t0, MSTATUS_MPP
  and t0, s8, t0
  CHECK(t0, MSTATUS_MPP_M)

  li TESTNUM, 3
  EXPECT_TRAP(2: ebreak)
  CHECK(s9, CAUSE_BREAKPOINT)
  CHECK(s10, 0)
  CHECK_LABEL(s11, 2b)

  # The compressed form: same cause, mepc at the 2-byte instruction.
  li TESTNUM, 4
  .option push
  .option rvc
  EXPECT_TRAP(3: c.ebreak)
  .option pop
  CHECK(s9, CAUSE_BREAKPOINT)
  CHECK_LABEL(s11, 3b)

  # Registers are untouched by the trap.
  TEST_CASE(5, a4, 0x55, li a4, 0x55; EXPECT_TRAP(ecall))
TEST_END
