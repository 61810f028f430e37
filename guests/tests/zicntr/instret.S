# instret/minstret count retired instructions exactly: each instruction once, a CSR read sees
# the count before itself, a write to minstret is what the next instruction reads, and an
# instruction that traps does not retire, whether it is an ecall or a fetch that faults.
# (QEMU 7.2 without -icount derives instret from host time, so these exact counts are ours.)
#include "test.h"
.option norvc
TEST_BEGIN
  # Case 2: five nops between two reads: 6 retired (the first read, then five).
  li TESTNUM, 2
  csrr a0, instret
  nop
  nop
  nop
  nop
  nop
  csrr a1, instret
  sub a1, a1, a0
  CHECK(a1, 6)
  # Case 3: minstret is the same counter.
  li TESTNUM, 3
  csrr a0, minstret
  csrr a1, instret
  sub a1, a1, a0
  CHECK(a1, 1)
  # Case 4: a taken branch and a jump count once each.
  li TESTNUM, 4
  csrr a0, instret
  beq zero, zero, 1f
  nop
1:
  j 2f
  nop
2:
  csrr a1, instret
  sub a1, a1, a0
  CHECK(a1, 3)
  # Case 5: the value written to minstret is read by the next instruction.
  li TESTNUM, 5
  li a1, 1000
  csrw minstret, a1
  csrr a0, minstret
  CHECK(a0, 1000)
  # Case 6: and counting continues from there.
  li TESTNUM, 6
  li a1, 0x123456789
  csrw minstret, a1
  nop
  csrr a0, instret
  CHECK(a0, 0x12345678a)
  # Case 7: a trap costs the same whether the trapping instruction is an ecall or a fetch
  # from where nothing answers (an access fault): neither retires.
  li TESTNUM, 7
  la a5, ecall_site
  csrr s0, minstret
  EXPECT_TRAP(jalr x0, 0(a5))
  csrr s1, minstret
  sub s2, s1, s0
  CHECK(s9, CAUSE_MACHINE_ECALL)
  li a5, 0
  csrr s0, minstret
  EXPECT_TRAP(jalr x0, 0(a5))
  csrr s1, minstret
  sub s3, s1, s0
  CHECK(s9, CAUSE_FETCH_ACCESS)
  bne s2, s3, test_fail
  # Case 8: an illegal instruction and a load access fault do not retire either.
  li TESTNUM, 8
  csrr s0, minstret
  EXPECT_TRAP(ecall)
  csrr s1, minstret
  sub s2, s1, s0
  csrr s0, minstret
  EXPECT_TRAP(.word 0)
  csrr s1, minstret
  sub s4, s1, s0
  bne s4, s2, test_fail
  li a5, 0
  csrr s0, minstret
  EXPECT_TRAP(ld a0, 0(a5))
  csrr s1, minstret
  sub s4, s1, s0
  bne s4, s2, test_fail
TEST_END

  .text
ecall_site:
  ecall
