# ORI: sign-extended immediate.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_IMM_OP(2, ori, 0x0000000000000000, 0x0000000000000000, 0)
  TEST_IMM_OP(3, ori, 0x00000000000007ff, 0x0000000000000000, 2047)
  TEST_IMM_OP(4, ori, 0x0000000000000001, 0x0000000000000001, 1)
  TEST_IMM_OP(5, ori, 0x0000000000000123, 0x0000000000000001, 291)
  TEST_IMM_OP(6, ori, 0xffffffffffffffff, 0xffffffffffffffff, -1)
  TEST_IMM_OP(7, ori, 0xffffffffffffffff, 0xffffffffffffffff, 1)
  TEST_IMM_OP(8, ori, 0x7fffffffffffffff, 0x7fffffffffffffff, 2047)
  TEST_IMM_OP(9, ori, 0xffffffffffffffff, 0x7fffffffffffffff, -2048)
  TEST_IMM_OP(10, ori, 0xfffffffffffff800, 0x8000000000000000, -2048)
  TEST_IMM_OP(11, ori, 0xfffffffffffffaaa, 0x8000000000000000, -1366)
  TEST_IMM_OP(12, ori, 0x00000000ffffffff, 0x00000000ffffffff, 2047)
  TEST_IMM_OP(13, ori, 0x00000000ffffffff, 0x00000000ffffffff, 0)
  TEST_IMM_OP(14, ori, 0xffffffff80000555, 0xffffffff80000000, 1365)
  TEST_IMM_OP(15, ori, 0xffffffff800007ff, 0xffffffff80000000, 2047)
  TEST_IMM_OP(16, ori, 0xfffffffffffffefa, 0x123456789abcdef0, -1366)
  TEST_IMM_OP(17, ori, 0x123456789abcdff5, 0x123456789abcdef0, 1365)
  TEST_IMM_OP(18, ori, 0x000000007ffff923, 0x000000007ffff800, 291)
  TEST_IMM_OP(19, ori, 0xfffffffffffff801, 0x000000007ffff800, -2047)
  TEST_IMM_SRC1_EQ_DEST(20, ori, 0xfffffffffffffaaa, 0x8000000000000000, -1366)
  TEST_IMM_ZEROSRC1(21, ori, 0xfffffffffffff801, -2047)
  TEST_IMM_ZERODEST(22, ori, 0x7fffffffffffffff, -2047)
TEST_END
