# C.ADDI16SP: sp += sign-extended nonzero multiple of 16 (-512..496).
#include "test.h"
TEST_BEGIN
  mv s0, sp
  li sp, 0x10000
  TEST_CASE(2, sp, 0x10010, c.addi16sp sp, 16)
  TEST_CASE(3, sp, 0x10200, c.addi16sp sp, 496)
  TEST_CASE(4, sp, 0x10000, c.addi16sp sp, -512)
  TEST_CASE(5, sp, 0x0ffe0, c.addi16sp sp, -32)
  TEST_CASE(6, sp, 0x10040, c.addi16sp sp, 96)
  TEST_CASE(7, sp, 0x10140, c.addi16sp sp, 256)
  TEST_CASE(8, sp, 0x10160, c.addi16sp sp, 32)
  TEST_CASE(9, sp, 0x101a0, c.addi16sp sp, 64)
  TEST_CASE(10, sp, 0x10220, c.addi16sp sp, 128)
  mv sp, s0
TEST_END
