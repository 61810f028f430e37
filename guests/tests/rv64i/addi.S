# ADDI: 12-bit signed immediates at both ends, wrap-around, x0 forms.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_IMM_OP(2, addi, 0x0000000000000000, 0x0000000000000000, 0)
  TEST_IMM_OP(3, addi, 0x00000000000007ff, 0x0000000000000000, 2047)
  TEST_IMM_OP(4, addi, 0x0000000000000002, 0x0000000000000001, 1)
  TEST_IMM_OP(5, addi, 0x0000000000000124, 0x0000000000000001, 291)
  TEST_IMM_OP(6, addi, 0xfffffffffffffffe, 0xffffffffffffffff, -1)
  TEST_IMM_OP(7, addi, 0x0000000000000000, 0xffffffffffffffff, 1)
  TEST_IMM_OP(8, addi, 0x80000000000007fe, 0x7fffffffffffffff, 2047)
  TEST_IMM_OP(9, addi, 0x7ffffffffffff7ff, 0x7fffffffffffffff, -2048)
  TEST_IMM_OP(10, addi, 0x7ffffffffffff800, 0x8000000000000000, -2048)
  TEST_IMM_OP(11, addi, 0x7ffffffffffffaaa, 0x8000000000000000, -1366)
  TEST_IMM_OP(12, addi, 0x00000001000007fe, 0x00000000ffffffff, 2047)
  TEST_IMM_OP(13, addi, 0x00000000ffffffff, 0x00000000ffffffff, 0)
  TEST_IMM_OP(14, addi, 0xffffffff80000555, 0xffffffff80000000, 1365)
  TEST_IMM_OP(15, addi, 0xffffffff800007ff, 0xffffffff80000000, 2047)
  TEST_IMM_OP(16, addi, 0x123456789abcd99a, 0x123456789abcdef0, -1366)
  TEST_IMM_OP(17, addi, 0x123456789abce445, 0x123456789abcdef0, 1365)
  TEST_IMM_OP(18, addi, 0x000000007ffff923, 0x000000007ffff800, 291)
  TEST_IMM_OP(19, addi, 0x000000007ffff001, 0x000000007ffff800, -2047)
  TEST_IMM_SRC1_EQ_DEST(20, addi, 0x7ffffffffffffaaa, 0x8000000000000000, -1366)
  TEST_IMM_ZEROSRC1(21, addi, 0xfffffffffffff801, -2047)
  TEST_IMM_ZERODEST(22, addi, 0x7fffffffffffffff, -2047)
TEST_END
