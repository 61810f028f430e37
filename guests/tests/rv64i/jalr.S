# JALR: target (rs1 + imm) with bit 0 cleared, link pc + 4, rd = rs1 (the target is computed
# from the old value), negative offsets, rd = x0.
#include "test.h"
.option norvc
TEST_BEGIN
  # Case 2: plain indirect call.
  li TESTNUM, 2
  la a1, 2f
1:
  jalr ra, 0(a1)
  j test_fail
2:
  la a5, 1b
  addi a5, a5, 4
  bne ra, a5, test_fail

  # Case 3: positive offset.
  li TESTNUM, 3
  la a1, 3f
  addi a1, a1, -12
  jalr a4, 12(a1)
  j test_fail
3:

  # Case 4: negative offset.
  li TESTNUM, 4
  la a1, 4f
  addi a1, a1, 16
  jalr a4, -16(a1)
  j test_fail
4:

  # Case 5: bit 0 of the sum is cleared (an odd address jumps to the even one below).
  li TESTNUM, 5
  la a1, 5f
  jalr a4, 1(a1)
  j test_fail
5:

  # Case 6: rd = rs1: the target comes from the old value, then the link is written.
  li TESTNUM, 6
  la a1, 6f
7:
  jalr a1, 0(a1)
  j test_fail
6:
  la a5, 7b
  addi a5, a5, 4
  bne a1, a5, test_fail

  # Case 7: jalr x0 (a return) does not write x0.
  li TESTNUM, 7
  la a1, 8f
  jalr x0, 0(a1)
  j test_fail
8:
  bnez x0, test_fail

  # Case 8: call and return through ra.
  li TESTNUM, 8
  li a4, 0
  call 9f
  addi a4, a4, 2
  CHECK(a4, 3)
  j 1f
9:
  addi a4, a4, 1
  ret
1:
TEST_END
