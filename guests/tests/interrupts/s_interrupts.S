# Supervisor interrupts (privileged spec 3.1.9, 4.1.3): delegated SSI/STI/SEI go to S with
# scause = interrupt | code; in S they need SIE, in U they are always enabled, in M never taken;
# undelegated ones go to M even from S with MIE = 0 ("a higher privilege is always enabled");
# S sets SSIP itself through sip; vectored stvec sends cause k to BASE + 4k.
#include "test.h"
#include "irq.h"
.option norvc
TEST_BEGIN
  la t0, test_strap_handler
  csrw stvec, t0
  li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrw mideleg, t0
  csrw mie, t0
  # Case 2: in M with MIE = 1, a pending delegated interrupt is not taken.
  li TESTNUM, 2
  li t0, MIP_SSIP
  csrs mip, t0
  csrsi mstatus, MSTATUS_MIE
  nop
  nop
  csrci mstatus, MSTATUS_MIE
  # Case 3: in S with SIE = 0: not taken either.
  li TESTNUM, 3
  GO_SMODE
  csrci sstatus, MSTATUS_SIE
  nop
  nop
  # Case 4: SIE = 1 in S: taken in S (the handler continues in S).
  li TESTNUM, 4
  la tp, 1f
  csrsi sstatus, MSTATUS_SIE
2:
  j 2b
1:
  CHECK(s9, CAUSE_INTERRUPT | IRQ_S_SOFT)
  CHECK_LABEL(s11, 2b)
  li t0, MSTATUS_SPP | MSTATUS_SPIE
  and t0, s8, t0
  CHECK(t0, MSTATUS_SPP | MSTATUS_SPIE)
  # Case 5: S clears SSIP itself through sip.
  li TESTNUM, 5
  csrci sip, MIP_SSIP
  csrr a0, sip
  CHECK(a0, 0)
  # Case 6: S raises SSIP itself and takes it.
  li TESTNUM, 6
  la tp, 3f
  csrsi sip, MIP_SSIP
  csrsi sstatus, MSTATUS_SIE
4:
  j 4b
3:
  CHECK(s9, CAUSE_INTERRUPT | IRQ_S_SOFT)
  csrci sip, MIP_SSIP
  GO_MMODE
  # Case 7: in U, a delegated interrupt is taken whatever SIE says (SIE = 0 here).
  li TESTNUM, 7
  li t0, MSTATUS_SIE
  csrc mstatus, t0
  li t0, MIP_STIP
  csrs mip, t0
  la tp, 5f
  GO_UMODE
6:
  j 6b
5:
  CHECK(s9, CAUSE_INTERRUPT | IRQ_S_TIMER)
  li t0, MSTATUS_SPP
  and t0, s8, t0
  CHECK(t0, 0)
  GO_MMODE
  li t0, MIP_STIP
  csrc mip, t0
  # Case 8: SEIP written by M, taken in S.
  li TESTNUM, 8
  li t0, MIP_SEIP
  csrs mip, t0
  la tp, 7f
  GO_SMODE
  csrsi sstatus, MSTATUS_SIE
8:
  j 8b
7:
  CHECK(s9, CAUSE_INTERRUPT | IRQ_S_EXT)
  GO_MMODE
  li t0, MIP_SEIP
  csrc mip, t0
  # Case 9: an undelegated interrupt (STI, mideleg bit cleared) from S with MIE = 0 goes to M.
  li TESTNUM, 9
  li t0, MIP_STIP
  csrc mideleg, t0
  csrs mip, t0
  csrci mstatus, MSTATUS_MIE
  la tp, 9f
  GO_SMODE
10:
  j 10b
9:
  CHECK(s9, CAUSE_INTERRUPT | IRQ_S_TIMER)
  li t0, MSTATUS_MPP
  and t0, s8, t0
  CHECK(t0, MSTATUS_MPP_S)
  li t0, MIP_STIP
  csrc mip, t0
  # Case 11: vectored stvec: SSI goes to BASE + 4.
  li TESTNUM, 11
  li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrw mideleg, t0
  la t0, s_vectors + 1
  csrw stvec, t0
  li t0, MIP_SSIP
  csrs mip, t0
  li s7, 0
  GO_SMODE
  csrsi sstatus, MSTATUS_SIE
11:
  beqz s7, 11b
  csrci sstatus, MSTATUS_SIE
  CHECK(s7, 1)
  GO_MMODE
  csrw mideleg, zero
  csrw mie, zero
TEST_END

  .text
  .balign 64
s_vectors:
  j s_vec_0
  j s_vec_1
s_vec_0:
  li s7, 100
  sret
s_vec_1:
  li s7, 1
  csrci sip, MIP_SSIP
  sret
