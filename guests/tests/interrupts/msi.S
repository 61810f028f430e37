# The machine software interrupt (CLINT msip, privileged spec 3.1.9): msip bit 0 drives MSIP,
# the other bits read zero; MSI is taken with MIE and MSIE; clearing msip clears MSIP.
#include "test.h"
#include "irq.h"
.option norvc
TEST_BEGIN
  li s0, CLINT_MSIP
  TEST_CASE(2, a0, 0, lw a0, 0(s0))
  TEST_CASE(3, a0, MIP_MSIP, li t0, 1; sw t0, 0(s0); csrr a0, mip)
  TEST_CASE(4, a0, 1, lw a0, 0(s0))
  TEST_CASE(5, a0, 0, sw zero, 0(s0); csrr a0, mip)
  TEST_CASE(6, a0, 1, li t0, -1; sw t0, 0(s0); lw a0, 0(s0))
  TEST_CASE(7, a0, 0, li t0, 2; sw t0, 0(s0); lw a0, 0(s0))
  # MSIP is read-only in mip: a csrw does not clear it.
  TEST_CASE(8, a0, MIP_MSIP, li t0, 1; sw t0, 0(s0); csrw mip, zero; csrr a0, mip)
  # Case 9: taken, with the right cause.
  li TESTNUM, 9
  li t0, MIP_MSIP
  csrw mie, t0
  la tp, 1f
  csrsi mstatus, MSTATUS_MIE
2:
  j 2b
1:
  CHECK(s9, CAUSE_INTERRUPT | IRQ_M_SOFT)
  # Case 10: the handler clears msip; with MIE on again nothing more comes.
  li TESTNUM, 10
  sw zero, 0(s0)
  csrsi mstatus, MSTATUS_MIE
  nop
  nop
  csrci mstatus, MSTATUS_MIE
  # Case 11: S-mode (below M) takes MSI even with MIE clear.
  li TESTNUM, 11
  li t0, 1
  sw t0, 0(s0)
  la tp, 3f
  GO_SMODE
4:
  j 4b
3:
  CHECK(s9, CAUSE_INTERRUPT | IRQ_M_SOFT)
  CHECK_LABEL(s11, 4b)
  li t0, MSTATUS_MPP
  and t0, s8, t0
  CHECK(t0, MSTATUS_MPP_S)
  sw zero, 0(s0)
  csrw mie, zero
TEST_END
