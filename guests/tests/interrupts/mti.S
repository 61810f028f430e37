# The machine timer (CLINT, privileged spec 3.2.1): MTIP is mtime >= mtimecmp, as a level;
# mtimecmp takes 64-bit writes and 32-bit halves, and reads back both ways; MTI is taken when
# MIE and MTIE allow, with mcause 0x8000000000000007 and mepc the interrupted instruction.
#include "test.h"
#include "irq.h"
.option norvc
TEST_BEGIN
  li s0, CLINT_MTIMECMP
  li s1, CLINT_MTIME
  # Case 2: reset value of mtimecmp is all ones (no interrupt).
  TEST_CASE(2, a0, -1, ld a0, 0(s0))
  TEST_CASE(3, a0, 0, csrr a0, mip; andi a0, a0, MIP_MTIP)
  # Case 4: a past compare value raises MTIP at once.
  TEST_CASE(4, a0, MIP_MTIP, sd zero, 0(s0); csrr a0, mip; andi a0, a0, MIP_MTIP)
  # Case 5: a far future one drops it at once.
  TEST_CASE(5, a0, 0, li t0, 0x7fffffffffffffff; sd t0, 0(s0); csrr a0, mip; andi a0, a0, MIP_MTIP)
  # Case 6: the 32-bit halves: high first (no spurious interrupt), then low.
  TEST_CASE(6, a0, 0, li t0, -1; sw t0, 4(s0); sw zero, 0(s0); csrr a0, mip; andi a0, a0, MIP_MTIP)
  TEST_CASE(7, a0, 0xffffffff00000000, ld a0, 0(s0))
  TEST_CASE(8, a0, MIP_MTIP, sw zero, 4(s0); csrr a0, mip; andi a0, a0, MIP_MTIP)
  TEST_CASE(9, a0, 0, ld a0, 0(s0))
  TEST_CASE(10, a0, 0x89abcdef, li t0, 0x0123456789abcdef; sd t0, 0(s0); lwu a0, 0(s0))
  TEST_CASE(11, a0, 0x01234567, lwu a0, 4(s0))
  # Case 12: mtime advances (10 MHz: give it some microseconds) and reads the same through
  # both halves.
  li TESTNUM, 12
  ld a0, 0(s1)
  li t2, 20000
3:
  addi t2, t2, -1
  bnez t2, 3b
  ld a1, 0(s1)
  bgeu a0, a1, test_fail
  lwu a2, 4(s1)
  srli a3, a1, 32
  sub a2, a2, a3
  li t0, 1
  bgtu a2, t0, test_fail
  # Case 13: MTI is not taken with MTIE clear (MIE set)...
  li TESTNUM, 13
  sd zero, 0(s0)
  csrw mie, zero
  csrsi mstatus, MSTATUS_MIE
  nop
  nop
  csrci mstatus, MSTATUS_MIE
  # ... nor with MIE clear (MTIE set).
  li TESTNUM, 14
  li t0, MIP_MTIP
  csrw mie, t0
  nop
  nop
  # Case 15: both set: taken.
  li TESTNUM, 15
  la tp, 1f
  csrsi mstatus, MSTATUS_MIE
2:
  j 2b
1:
  CHECK(s9, CAUSE_INTERRUPT | IRQ_M_TIMER)
  CHECK(s10, 0)
  CHECK_LABEL(s11, 2b)
  li t0, MSTATUS_MPP
  and t0, s8, t0
  CHECK(t0, MSTATUS_MPP_M)
  # Case 16: a compare value 2 ms ahead fires by itself, not before.
  li TESTNUM, 16
  ld a0, 0(s1)
  li t0, 20000
  add s2, a0, t0
  sd s2, 0(s0)
  csrr a1, mip
  andi a1, a1, MIP_MTIP
  bnez a1, test_fail
  csrsi mstatus, MSTATUS_MIE
  WAIT_FOR_TRAP(100000000)
  CHECK(s9, CAUSE_INTERRUPT | IRQ_M_TIMER)
  ld a0, 0(s1)
  bltu a0, s2, test_fail
  # Case 17: writing mtime moves MTIP: back before the compare value drops it.
  li TESTNUM, 17
  li t0, 0x100000
  sd t0, 0(s0)
  sd zero, 0(s1)
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  bnez a0, test_fail
  li t0, 0x200000
  sd t0, 0(s1)
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  beqz a0, test_fail
  MTIMECMP_OFF
  csrw mie, zero
TEST_END
