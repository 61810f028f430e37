# C.BEQZ / C.BNEZ: branch on rs1' == 0 / != 0 with a 9-bit signed offset (+-256 bytes).
#include "test.h"
TEST_BEGIN
  li TESTNUM, 2
  li a0, 0
  c.beqz a0, 1f
  j test_fail
1:
  li TESTNUM, 3
  li a0, 1
  c.beqz a0, test_fail_near
  li TESTNUM, 4
  li s1, 0x8000000000000000
  c.bnez s1, 2f
  j test_fail
2:
  li TESTNUM, 5
  li s1, 0
  c.bnez s1, test_fail_near
  # Case 6: backward loop with c.bnez.
  li TESTNUM, 6
  li a5, 4
  li a4, 0
3:
  addi a4, a4, 1
  addi a5, a5, -1
  c.bnez a5, 3b
  CHECK(a4, 4)
  # Case 7: far forward (close to +254).
  li TESTNUM, 7
  li a0, 0
  c.beqz a0, 4f
  .skip 240
4:
  # Case 8: a value with only bit 32 set is nonzero.
  li TESTNUM, 8
  li a2, 0x100000000
  c.beqz a2, test_fail_near
  j 5f
test_fail_near:
  j test_fail
5:
TEST_END
