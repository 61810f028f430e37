# C.SLLI: rd <<= 6-bit amount (any rd); shamt 0 and rd = x0 are HINTs.
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 2, li a0, 1; c.slli a0, 1)
  TEST_CASE(3, a0, 0x8000000000000000, li a0, 1; c.slli a0, 63)
  TEST_CASE(4, t0, 0xffffffff00000000, li t0, -1; c.slli t0, 32)
  TEST_CASE(5, s11, 0x23456789abcdef00, li s11, 0x0123456789abcdef; c.slli s11, 8)
  TEST_CASE(6, a0, 0x1234, li a0, 0x1234; .hword 0x0502)
  TEST_CASE(7, x0, 0, .hword 0x0006)
TEST_END
