# C.SRLI: logical right shift of rd' by a 6-bit amount; shamt 0 is a HINT (no change).
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 0x4000000000000000, li a0, 0x8000000000000000; c.srli a0, 1)
  TEST_CASE(3, a0, 0x0000000000000001, li a0, 0x8000000000000000; c.srli a0, 63)
  TEST_CASE(4, a0, 0x00000000ffffffff, li a0, -1; c.srli a0, 32)
  TEST_CASE(5, s1, 0x0000000000000fff, li s1, -1; c.srli s1, 52)
  TEST_CASE(6, a5, 0x0123456789abcdef, li a5, 0x123456789abcdef0; c.srli a5, 4)
  TEST_CASE(7, a0, 0x8000000000000000, li a0, 0x8000000000000000; .hword 0x8101)
TEST_END
