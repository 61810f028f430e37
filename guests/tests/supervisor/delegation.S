# medeleg/mideleg (privileged spec 3.1.8): a delegated trap from U or S goes to S with scause,
# sepc, stval, SPP = the mode it came from, SPIE = SIE, SIE = 0, and M's trap CSRs untouched;
# traps from M are never delegated; undelegated causes still go to M. (Case 3 is unused.)
#include "test.h"
.option norvc
#define STATUS_BITS(reg, mask, expected) li t0, mask; and t1, reg, t0; li t0, expected; bne t1, t0, test_fail
#define DELEGATED ((1 << CAUSE_ILLEGAL_INSTRUCTION) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_USER_ECALL) | \
                   (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_STORE_ACCESS) | (1 << CAUSE_FETCH_ACCESS))
TEST_BEGIN
  la t0, test_strap_handler
  csrw stvec, t0
  li t0, DELEGATED
  csrw medeleg, t0
  li t0, 0x1234
  csrw mcause, t0
  csrw mepc, t0
  csrw mtval, t0

  # Case 2: illegal instruction in U -> S.
  li TESTNUM, 2
  GO_UMODE
  EXPECT_TRAP(1: .word 0xffffffff)
  # Now in S.
  CHECK(s9, CAUSE_ILLEGAL_INSTRUCTION)
  CHECK(s10, 0xffffffff)
  CHECK_LABEL(s11, 1b)
  STATUS_BITS(s8, MSTATUS_SPP, 0)
  csrr a0, sstatus          # still S: this would trap in U
  GO_MMODE
  CHECK(s9, CAUSE_SUPERVISOR_ECALL)
  # Case 4: ecall from U (delegated) and an illegal CSR access in S (delegated, SPP = S).
  li TESTNUM, 4
  GO_UMODE
  EXPECT_TRAP(ecall)
  CHECK(s9, CAUSE_USER_ECALL)
  EXPECT_TRAP(2: csrr a0, mcause)
  CHECK(s9, CAUSE_ILLEGAL_INSTRUCTION)
  CHECK(s10, 0x34202573)
  CHECK_LABEL(s11, 2b)
  STATUS_BITS(s8, MSTATUS_SPP, MSTATUS_SPP)
  GO_MMODE
  # Case 5: SIE goes to SPIE and is cleared.
  li TESTNUM, 5
  csrw mie, zero
  GO_SMODE
  csrsi sstatus, MSTATUS_SIE
  EXPECT_TRAP(.word 0)
  STATUS_BITS(s8, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP, MSTATUS_SPIE | MSTATUS_SPP)
  GO_MMODE
  # Case 6: a delegated access fault carries its address in stval.
  li TESTNUM, 6
  li a1, 0x08000008
  GO_UMODE
  EXPECT_TRAP(ld a0, 0(a1))
  CHECK(s9, CAUSE_LOAD_ACCESS)
  CHECK(s10, 0x08000008)
  EXPECT_TRAP(sd a0, 0(a1))
  CHECK(s9, CAUSE_STORE_ACCESS)
  EXPECT_TRAP(jalr a1)
  CHECK(s9, CAUSE_FETCH_ACCESS)
  CHECK(s11, 0x08000008)
  GO_MMODE
  # Case 7: the same causes in M go to M.
  TEST_TRAP(7, CAUSE_ILLEGAL_INSTRUCTION, 0xffffffff, .word 0xffffffff)
  TEST_TRAP(8, CAUSE_LOAD_ACCESS, 0x08000008, ld a0, 0(a1))
  # Case 9: an undelegated cause from U (ecall from S is not delegated; try a misaligned AMO,
  # cause 6, not in medeleg) goes to M.
  li TESTNUM, 9
  la a1, test_stack_top - 6
  GO_UMODE
  EXPECT_TRAP(amoadd.w a0, a0, (a1))
  CHECK(s9, CAUSE_MISALIGNED_STORE)
  li t0, MSTATUS_MPP
  and t0, s8, t0
  bnez t0, test_fail        # taken in M, from U
  # Case 10: medeleg cleared: back to M.
  csrw medeleg, zero
  GO_UMODE
  TEST_TRAP(10, CAUSE_ILLEGAL_INSTRUCTION, 0, .word 0)
  # Case 11: vectored stvec: exceptions go to its base.
  li TESTNUM, 11
  la t0, test_strap_handler + 1
  csrw stvec, t0
  li t0, DELEGATED
  csrw medeleg, t0
  GO_UMODE
  EXPECT_TRAP(ebreak)
  CHECK(s9, CAUSE_BREAKPOINT)
  CHECK(s10, 0)
  GO_MMODE
  csrw medeleg, zero
TEST_END
