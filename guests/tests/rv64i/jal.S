# JAL: the link register gets pc + 4, the target is pc + offset (forward, backward, far);
# jal x0 is a plain jump; instructions after the jal are skipped.
#include "test.h"
.option norvc
TEST_BEGIN
  # Case 2: link value and target.
  li TESTNUM, 2
  li ra, 0
1:
  jal ra, 2f
  j test_fail
2:
  la a5, 1b
  addi a5, a5, 4
  bne ra, a5, test_fail

  # Case 3: the instructions skipped by a forward jump do not run.
  TEST_CASE(3, a4, 3, li a4, 0; jal x0, 3f; addi a4, a4, 1; addi a4, a4, 1; 3: addi a4, a4, 3)

  # Case 4: backward jump, three times round.
  li TESTNUM, 4
  li a4, 0
  li a5, 3
4:
  addi a4, a4, 1
  beq a4, a5, 5f
  jal x0, 4b
5:
  CHECK(a4, 3)

  # Case 5: jal with rd other than ra, over more than the branch range.
  li TESTNUM, 5
  jal a6, 6f
  j test_fail
  .skip 8192
6:
  la a5, 6b
  li t0, 8192 + 4
  sub a5, a5, t0
  bne a6, a5, test_fail

  # Case 6: jal x0 does not write x0.
  TEST_CASE(6, x0, 0, jal x0, 7f; 7:)
TEST_END
