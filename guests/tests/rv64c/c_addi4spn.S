# C.ADDI4SPN: rd' = sp + zero-extended nzuimm (multiple of 4, up to 1020); every rd' (x8..x15).
#include "test.h"
TEST_BEGIN
  mv s2, sp
  li sp, 0x1000
  TEST_CASE(2, s1, 0x1004, c.addi4spn s1, sp, 4)
  TEST_CASE(3, a0, 0x13fc, c.addi4spn a0, sp, 1020)
  TEST_CASE(4, a5, 0x1200, c.addi4spn a5, sp, 512)
  TEST_CASE(5, a1, 0x1010, c.addi4spn a1, sp, 16)
  TEST_CASE(6, a2, 0x1020, c.addi4spn a2, sp, 32)
  TEST_CASE(7, a3, 0x1040, c.addi4spn a3, sp, 64)
  TEST_CASE(8, a4, 0x1080, c.addi4spn a4, sp, 128)
  TEST_CASE(9, s0, 0x1100, c.addi4spn s0, sp, 256)
  # The immediate is unsigned: sp near the top of the address space wraps.
  li sp, -8
  TEST_CASE(10, a0, 0x3f4, c.addi4spn a0, sp, 1020)
  # Case 11: it is exactly 2 bytes long.
  li TESTNUM, 11
  la a0, 1f
  la a1, 2f
  sub a0, a1, a0
  CHECK(a0, 2)
  j 3f
1:
  c.addi4spn a2, sp, 4
2:
3:
  mv sp, s2
TEST_END
