# mret and sret (privileged spec 3.1.6.1, 3.3.2): the target mode comes from MPP/SPP, xIE from
# xPIE, xPIE becomes 1 and xPP the least privileged mode; ecall from each mode is taken to M
# with MPP = that mode and MIE moved to MPIE.
#include "test.h"
.option norvc
#define STATUS_BITS(reg, mask, expected) li t0, mask; and t1, reg, t0; li t0, expected; bne t1, t0, test_fail
TEST_BEGIN
  # Case 2: mret to U with MPIE = 1: ecall from U shows MPP = U, MPIE = 1 (MIE was 1 in U).
  li TESTNUM, 2
  li t0, MSTATUS_MPIE
  csrs mstatus, t0
  GO_UMODE
  GO_MMODE
  CHECK(s9, CAUSE_USER_ECALL)
  STATUS_BITS(s8, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE, MSTATUS_MPIE)
  # Case 3: after mret, MPP = U and MPIE = 1, MIE = old MPIE (0 here).
  li TESTNUM, 3
  li t0, MSTATUS_MPIE
  csrc mstatus, t0
  li t0, MSTATUS_MPP
  csrs mstatus, t0
  la t0, 1f
  csrw mepc, t0
  mret
1:
  csrr a0, mstatus
  STATUS_BITS(a0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE, MSTATUS_MPIE)
  # Case 4: mret to S, ecall from S: MPP = S, cause 9, mepc = the ecall.
  li TESTNUM, 4
  GO_SMODE
  la tp, 2f
3:
  ecall
2:
  CHECK(s9, CAUSE_SUPERVISOR_ECALL)
  CHECK_LABEL(s11, 3b)
  STATUS_BITS(s8, MSTATUS_MPP, MSTATUS_MPP_S)
  # Case 5: ecall from M: MPP = M.
  li TESTNUM, 5
  GO_MMODE
  CHECK(s9, CAUSE_MACHINE_ECALL)
  STATUS_BITS(s8, MSTATUS_MPP, MSTATUS_MPP_M)
  # Case 6: a trap from M with MIE = 1 moves it to MPIE and clears MIE.
  li TESTNUM, 6
  csrw mie, zero
  csrsi mstatus, MSTATUS_MIE
  GO_MMODE
  STATUS_BITS(s8, MSTATUS_MIE | MSTATUS_MPIE, MSTATUS_MPIE)
  csrci mstatus, MSTATUS_MIE
  # Case 7: S -> U with sret: SPP = 0 sends to U; sret sets SIE = SPIE, SPIE = 1, SPP = U.
  li TESTNUM, 7
  GO_SMODE
  li t0, MSTATUS_SPIE
  csrs sstatus, t0
  csrci sstatus, MSTATUS_SIE
  li t0, MSTATUS_SPP
  csrc sstatus, t0
  la t0, 4f
  csrw sepc, t0
  sret
4:
  GO_MMODE
  CHECK(s9, CAUSE_USER_ECALL)
  STATUS_BITS(s8, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPIE | MSTATUS_SIE)
  # Case 8: sret with SPP = 1 returns to S.
  li TESTNUM, 8
  GO_SMODE
  li t0, MSTATUS_SPP
  csrs sstatus, t0
  la t0, 5f
  csrw sepc, t0
  sret
5:
  GO_MMODE
  CHECK(s9, CAUSE_SUPERVISOR_ECALL)
  # Case 9: sret from M is allowed and goes where SPP says (U here).
  li TESTNUM, 9
  li t0, MSTATUS_SPP
  csrc mstatus, t0
  la t0, 6f
  csrw sepc, t0
  sret
6:
  GO_MMODE
  CHECK(s9, CAUSE_USER_ECALL)
  # Case 10: mret with MPP = M stays in M (mepc followed).
  li TESTNUM, 10
  li t0, MSTATUS_MPP
  csrs mstatus, t0
  la t0, 7f
  csrw mepc, t0
  mret
  j test_fail
7:
  GO_MMODE
  CHECK(s9, CAUSE_MACHINE_ECALL)
  # Case 11: U -> M -> S -> U round trip keeps registers.
  TEST_CASE(11, a0, 0x77, li a0, 0x77; GO_UMODE; GO_MMODE; GO_SMODE; GO_UMODE_FROM_S; GO_MMODE)
  CHECK(s9, CAUSE_USER_ECALL)
TEST_END
