# C.ADDIW: 32-bit add of a 6-bit signed immediate, sign-extended (imm 0 is sext.w).
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 0xffffffff80000000, li a0, 0x7fffffff; c.addiw a0, 1)
  TEST_CASE(3, a0, 0x000000007fffffff, li a0, 0x80000000; c.addiw a0, -1)
  TEST_CASE(4, a0, 0xffffffff87654321, li a0, 0x1234567887654321; c.addiw a0, 0)
  TEST_CASE(5, a1, 0x0000000000000010, li a1, 0xffffffff00000001; c.addiw a1, 15)
  TEST_CASE(6, a1, 0xffffffffffffffe0, li a1, 0; c.addiw a1, -32)
  TEST_CASE(7, t6, 0x000000000000001f, li t6, 0; c.addiw t6, 31)
TEST_END
