# C.ANDI: rd' &= sign-extended 6-bit immediate.
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 0x000000000000000f, li a0, -1; c.andi a0, 15)
  TEST_CASE(3, a0, 0xffffffffffffffe0, li a0, -1; c.andi a0, -32)
  TEST_CASE(4, a0, 0x0000000000000000, li a0, 0x5555; c.andi a0, 0)
  TEST_CASE(5, s0, 0x1234567890abcde0, li s0, 0x1234567890abcdef; c.andi s0, -16)
  TEST_CASE(6, a5, 0x0000000000000015, li a5, 0x5555; c.andi a5, 31)
TEST_END
