# C.JR / C.JALR: jump to rs1 (no link / link = pc + 2 in ra); c.jalr ra uses the old ra.
#include "test.h"
TEST_BEGIN
  li TESTNUM, 2
  la a0, 1f
  c.jr a0
  j test_fail
1:
  # Case 3: c.jalr links pc + 2.
  li TESTNUM, 3
  la a0, 2f
3:
  c.jalr a0
  j test_fail
2:
  la t0, 3b
  addi t0, t0, 2
  bne ra, t0, test_fail
  # Case 4: c.jalr ra: the target is the old ra.
  li TESTNUM, 4
  la ra, 4f
5:
  c.jalr ra
  j test_fail
4:
  la t0, 5b
  addi t0, t0, 2
  bne ra, t0, test_fail
  # Case 5: a call/return pair through c.jalr and c.jr ra.
  li TESTNUM, 5
  li a1, 0
  la a0, 6f
  c.jalr a0
  addi a1, a1, 10
  CHECK(a1, 11)
  j 7f
6:
  addi a1, a1, 1
  c.jr ra
7:
TEST_END
