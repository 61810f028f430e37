# C.J: pc-relative jump by a sign-extended 12-bit offset (+-2 KiB), forward and backward, with
# no link written.
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 3, li a0, 0; c.j 1f; c.addi a0, 1; c.addi a0, 1; 1: c.addi a0, 3)
  # Case 3: backward, three times round.
  li TESTNUM, 3
  li a0, 0
  li a1, 3
2:
  c.addi a0, 1
  beq a0, a1, 3f
  c.j 2b
3:
  CHECK(a0, 3)
  # Case 4: the far end of the range forward, ra untouched.
  li TESTNUM, 4
  li ra, 0x77
  c.j 4f
  .skip 2040
4:
  CHECK(ra, 0x77)
  # Case 5: backward across almost 2 KiB.
  li TESTNUM, 5
  j 6f
5:
  j 7f
  .skip 2030
6:
  c.j 5b
  j test_fail
7:
TEST_END
