# C.SUBW: 32-bit subtract of rd' and rs2', sign-extended from bit 31.
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 0x0000000000000000, li a0, 0x0000000000000000; li a1, 0x0000000000000000; c.subw a0, a1)
  TEST_CASE(3, s0, 0xfffffffffffffffe, li s0, 0xffffffffffffffff; li s1, 0x0000000000000001; c.subw s0, s1)
  TEST_CASE(4, a4, 0x0000000000000002, li a4, 0x0000000000000001; li a5, 0xffffffffffffffff; c.subw a4, a5)
  TEST_CASE(5, a2, 0x000000007ffffffe, li a2, 0x000000007fffffff; li a3, 0x0000000000000001; c.subw a2, a3)
  TEST_CASE(6, s1, 0x000000007fffffff, li s1, 0x0000000080000000; li a0, 0x0000000000000001; c.subw s1, a0)
  TEST_CASE(7, a5, 0x0000000013579bcf, li a5, 0x123456789abcdef0; li s0, 0x0fedcba987654321; c.subw a5, s0)
  TEST_CASE(8, a3, 0x0000000000000001, li a3, 0xffffffff00000000; li a4, 0x00000000ffffffff; c.subw a3, a4)
  TEST_CASE(9, a1, 0xfffffffffffffffe, li a1, 0x00000000ffffffff; li a2, 0xffffffff00000001; c.subw a1, a2)
TEST_END
