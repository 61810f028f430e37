# C.SRAI: arithmetic right shift of rd' by a 6-bit amount; shamt 0 is a HINT.
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 0xc000000000000000, li a0, 0x8000000000000000; c.srai a0, 1)
  TEST_CASE(3, a0, 0xffffffffffffffff, li a0, 0x8000000000000000; c.srai a0, 63)
  TEST_CASE(4, a0, 0x0000000000000001, li a0, 0x4000000000000000; c.srai a0, 62)
  TEST_CASE(5, s1, 0xffffffffffffff02, li s1, 0x8123456789abcdef; c.srai s1, 55)
  TEST_CASE(6, a5, 0x07f0000000000000, li a5, 0x7f00000000000000; c.srai a5, 4)
  TEST_CASE(7, a0, 0x8000000000000000, li a0, 0x8000000000000000; .hword 0x8501)
TEST_END
