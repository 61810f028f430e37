# C.LI: rd = sign-extended 6-bit immediate; c.li x0 is a HINT.
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 0, li a0, 7; c.li a0, 0)
  TEST_CASE(3, a0, 31, c.li a0, 31)
  TEST_CASE(4, a0, -32, c.li a0, -32)
  TEST_CASE(5, a0, -1, c.li a0, -1)
  TEST_CASE(6, s11, 5, c.li s11, 5)
  TEST_CASE(7, ra, -5, c.li ra, -5)
  TEST_CASE(8, x0, 0, .hword 0x4015)
TEST_END
