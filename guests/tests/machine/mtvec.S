# Direct and vectored trap vectors (privileged spec 3.1.7): in vectored mode exceptions still go
# to BASE and interrupt cause k goes to BASE + 4k; in direct mode everything goes to BASE.
# mepc of an interrupt is the instruction that had not run yet.
#include "test.h"
.option norvc
#define ARM(n, mie_bits) li TESTNUM, n; li s7, -1; li t0, mie_bits; csrw mie, t0; la tp, 1f
#define FIRE csrsi mstatus, MSTATUS_MIE; 2: j 2b; 1: csrw mie, zero
TEST_BEGIN
  la t0, vec_table + 1
  csrw mtvec, t0
  # Case 2: an exception goes to BASE.
  ARM(2, 0)
  la tp, 5f
  ecall
5:
  CHECK(s7, 0)
  CHECK(s9, CAUSE_MACHINE_ECALL)
  # Case 3: SSIP (not delegated, so an M interrupt) goes to BASE + 4.
  ARM(3, MIP_SSIP)
  csrs mip, t0
  FIRE
  CHECK(s7, 1)
  CHECK(s9, CAUSE_INTERRUPT | IRQ_S_SOFT)
  # Case 4: MSIP from the CLINT goes to BASE + 12.
  ARM(4, MIP_MSIP)
  li t1, CLINT_MSIP
  li t2, 1
  sw t2, 0(t1)
  FIRE
  CHECK(s7, 3)
  CHECK(s9, CAUSE_INTERRUPT | IRQ_M_SOFT)
  # Case 5: STIP set by M goes to BASE + 20.
  ARM(5, MIP_STIP)
  csrs mip, t0
  FIRE
  CHECK(s7, 5)
  # Case 6: MTIP (mtimecmp = 0) goes to BASE + 28.
  ARM(6, MIP_MTIP)
  li t1, CLINT_MTIMECMP
  sd zero, 0(t1)
  FIRE
  CHECK(s7, 7)
  CHECK(s9, CAUSE_INTERRUPT | IRQ_M_TIMER)
  # Case 7: SEIP set by M goes to BASE + 36.
  ARM(7, MIP_SEIP)
  csrs mip, t0
  FIRE
  CHECK(s7, 9)
  # Case 8: direct mode sends the same interrupt to BASE.
  la t0, vec_table
  csrw mtvec, t0
  ARM(8, MIP_SSIP)
  csrs mip, t0
  FIRE
  CHECK(s7, 0)
  CHECK(s9, CAUSE_INTERRUPT | IRQ_S_SOFT)
  # Case 9: mepc of an interrupt is where execution stopped (inside the loop in FIRE).
  li TESTNUM, 9
  la t0, vec_table + 1
  csrw mtvec, t0
  li t0, MIP_SSIP
  csrw mie, t0
  csrs mip, t0
  la tp, 3f
  csrsi mstatus, MSTATUS_MIE
4:
  j 4b
3:
  csrw mie, zero
  CHECK_LABEL(s11, 4b)
  la t0, test_trap_handler
  csrw mtvec, t0
TEST_END

  .text
  .balign 256
vec_table:
  j vec_0
  j vec_1
  j vec_2
  j vec_3
  j vec_4
  j vec_5
  j vec_6
  j vec_7
  j vec_8
  j vec_9
  j vec_10
  j vec_11
.irp k, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
vec_\k:
  li s7, \k
  j vec_common
.endr
# Record the cause, quiet every source, return to tp in M-mode with interrupts off.
vec_common:
  csrr s8, mstatus
  csrr s9, mcause
  csrr s10, mtval
  csrr s11, mepc
  li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrc mip, t0
  li t0, CLINT_MSIP
  sw zero, 0(t0)
  li t0, CLINT_MTIMECMP
  li t1, -1
  sd t1, 0(t0)
  li t0, MSTATUS_MPIE
  csrc mstatus, t0
  li t0, MSTATUS_MPP_M
  csrs mstatus, t0
  csrw mepc, tp
  li tp, 0
  mret
