# C.LUI: rd = sign-extended 6-bit immediate << 12 (rd not x0/x2); c.lui x0 is a HINT.
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 0x1000, c.lui a0, 1)
  TEST_CASE(3, a0, 0x1f000, c.lui a0, 31)
  # 6-bit immediates 0x20..0x3f are negative (-32..-1): the assembler writes them as 0xfffe0..0xfffff.
  TEST_CASE(4, a0, 0xfffffffffffe0000, c.lui a0, 0xfffe0)
  TEST_CASE(5, a0, 0xfffffffffffff000, c.lui a0, 0xfffff)
  TEST_CASE(6, ra, 0x5000, li ra, -1; c.lui ra, 5)
  TEST_CASE(7, x0, 0, .hword 0x6005)
TEST_END
