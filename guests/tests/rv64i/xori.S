# XORI: sign-extended immediate (xori -1 is NOT).
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_IMM_OP(2, xori, 0x0000000000000000, 0x0000000000000000, 0)
  TEST_IMM_OP(3, xori, 0x00000000000007ff, 0x0000000000000000, 2047)
  TEST_IMM_OP(4, xori, 0x0000000000000000, 0x0000000000000001, 1)
  TEST_IMM_OP(5, xori, 0x0000000000000122, 0x0000000000000001, 291)
  TEST_IMM_OP(6, xori, 0x0000000000000000, 0xffffffffffffffff, -1)
  TEST_IMM_OP(7, xori, 0xfffffffffffffffe, 0xffffffffffffffff, 1)
  TEST_IMM_OP(8, xori, 0x7ffffffffffff800, 0x7fffffffffffffff, 2047)
  TEST_IMM_OP(9, xori, 0x80000000000007ff, 0x7fffffffffffffff, -2048)
  TEST_IMM_OP(10, xori, 0x7ffffffffffff800, 0x8000000000000000, -2048)
  TEST_IMM_OP(11, xori, 0x7ffffffffffffaaa, 0x8000000000000000, -1366)
  TEST_IMM_OP(12, xori, 0x00000000fffff800, 0x00000000ffffffff, 2047)
  TEST_IMM_OP(13, xori, 0x00000000ffffffff, 0x00000000ffffffff, 0)
  TEST_IMM_OP(14, xori, 0xffffffff80000555, 0xffffffff80000000, 1365)
  TEST_IMM_OP(15, xori, 0xffffffff800007ff, 0xffffffff80000000, 2047)
  TEST_IMM_OP(16, xori, 0xedcba9876543245a, 0x123456789abcdef0, -1366)
  TEST_IMM_OP(17, xori, 0x123456789abcdba5, 0x123456789abcdef0, 1365)
  TEST_IMM_OP(18, xori, 0x000000007ffff923, 0x000000007ffff800, 291)
  TEST_IMM_OP(19, xori, 0xffffffff80000001, 0x000000007ffff800, -2047)
  TEST_IMM_SRC1_EQ_DEST(20, xori, 0x7ffffffffffffaaa, 0x8000000000000000, -1366)
  TEST_IMM_ZEROSRC1(21, xori, 0xfffffffffffff801, -2047)
  TEST_IMM_ZERODEST(22, xori, 0x7fffffffffffffff, -2047)
TEST_END
