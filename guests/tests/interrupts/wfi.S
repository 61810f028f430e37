# WFI (privileged spec 3.3.3): it returns when an interrupt enabled in mie is pending, whatever
# MIE/SIE and mideleg say; with the interrupt globally enabled it is taken with mepc after the
# wfi; with a timer in the future the hart really waits for it.
#include "test.h"
#include "irq.h"
.option norvc
TEST_BEGIN
  li s0, CLINT_MTIMECMP
  li s1, CLINT_MTIME
  # Case 2: MIE = 0, MSI pending and enabled: wfi falls through, no trap.
  li TESTNUM, 2
  MSIP_SET(1)
  li t0, MIP_MSIP
  csrw mie, t0
  wfi
  MSIP_SET(0)
  # Case 3: a timer 5 ms ahead, MIE = 0: wfi waits for it, then continues.
  li TESTNUM, 3
  li t0, MIP_MTIP
  csrw mie, t0
  ld a0, 0(s1)
  li t0, 50000
  add s2, a0, t0
  sd s2, 0(s0)
  wfi
  ld a0, 0(s1)
  bltu a0, s2, 1f
  j 2f
1:
  wfi                          # a spurious return is allowed: wait again
  ld a0, 0(s1)
  bltu a0, s2, 1b
2:
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  beqz a0, test_fail
  MTIMECMP_OFF
  # Case 4: MIE = 1: the timer interrupt is taken, mepc after the wfi. A host that pauses for
  # the 2 ms before the wfi runs (sanitizers, a busy CI machine) lets the interrupt in first, with
  # mepc at the wfi: then again, with the deadline twice as far, up to 64 ms.
  li TESTNUM, 4
  li s3, 20000
9:
  ld a0, 0(s1)
  add a0, a0, s3
  sd a0, 0(s0)
  la tp, 3f
  csrsi mstatus, MSTATUS_MIE
4:
  wfi
5:
  j 5b
3:
  CHECK(s9, CAUSE_INTERRUPT | IRQ_M_TIMER)
  la t0, 4b
  bne s11, t0, 1f
  slli s3, s3, 1
  li t0, 20000 << 5
  bleu s3, t0, 9b
  j test_fail
1:
  addi t0, t0, 4
  beq s11, t0, 6f
  CHECK_LABEL(s11, 5b)         # or the loop after it, if the wfi returned early
6:
  MTIMECMP_OFF
  # Case 5: a delegated interrupt pending in M (never taken there) still ends wfi.
  li TESTNUM, 5
  li t0, MIP_SSIP
  csrw mideleg, t0
  csrw mie, t0
  csrs mip, t0
  csrsi mstatus, MSTATUS_MIE
  wfi
  csrci mstatus, MSTATUS_MIE
  # Case 6: in S with SIE = 0 likewise.
  li TESTNUM, 6
  GO_SMODE
  csrci sstatus, MSTATUS_SIE
  wfi
  GO_MMODE
  CHECK(s9, CAUSE_SUPERVISOR_ECALL)
  li t0, MIP_SSIP
  csrc mip, t0
  csrw mideleg, zero
  # Case 7: in S, a timer interrupt for M wakes wfi and is taken in M at once.
  li TESTNUM, 7
  li t0, MIP_MTIP
  csrw mie, t0
  ld a0, 0(s1)
  li t0, 20000
  add a0, a0, t0
  sd a0, 0(s0)
  la tp, 7f
  GO_SMODE
8:
  wfi
  j 8b
7:
  CHECK(s9, CAUSE_INTERRUPT | IRQ_M_TIMER)
  MTIMECMP_OFF
  csrw mie, zero
TEST_END
