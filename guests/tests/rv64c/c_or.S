# C.OR: rd' = rd' | rs2' on the compressed registers x8..x15.
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 0x0000000000000000, li a0, 0x0000000000000000; li a1, 0x0000000000000000; c.or a0, a1)
  TEST_CASE(3, s0, 0xffffffffffffffff, li s0, 0xffffffffffffffff; li s1, 0x0000000000000001; c.or s0, s1)
  TEST_CASE(4, a4, 0xffffffffffffffff, li a4, 0x0000000000000001; li a5, 0xffffffffffffffff; c.or a4, a5)
  TEST_CASE(5, a2, 0x8000000000000001, li a2, 0x8000000000000000; li a3, 0x0000000000000001; c.or a2, a3)
  TEST_CASE(6, s1, 0x1ffddff99ffddff1, li s1, 0x123456789abcdef0; li a0, 0x0fedcba987654321; c.or s1, a0)
  TEST_CASE(7, a5, 0xffffffffffffffff, li a5, 0xaaaaaaaaaaaaaaaa; li s0, 0x5555555555555555; c.or a5, s0)
  TEST_CASE(8, a3, 0xffffffffffffffff, li a3, 0xffffffff00000000; li a4, 0x00000000ffffffff; c.or a3, a4)
  TEST_CASE(9, a0, 0x0000000123456789, li a0, 0x0000000123456789; c.or a0, a0)
TEST_END
