# ADDIW: 32-bit add of a sign-extended immediate; result sign-extended (addiw rd, rs, 0 is sext.w).
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_IMM_OP(2, addiw, 0x0000000000000000, 0x0000000000000000, 0)
  TEST_IMM_OP(3, addiw, 0x00000000000007ff, 0x0000000000000000, 2047)
  TEST_IMM_OP(4, addiw, 0x0000000000000002, 0x0000000000000001, 1)
  TEST_IMM_OP(5, addiw, 0x0000000000000124, 0x0000000000000001, 291)
  TEST_IMM_OP(6, addiw, 0xfffffffffffffffe, 0xffffffffffffffff, -1)
  TEST_IMM_OP(7, addiw, 0x0000000000000000, 0xffffffffffffffff, 1)
  TEST_IMM_OP(8, addiw, 0x00000000000007fe, 0x7fffffffffffffff, 2047)
  TEST_IMM_OP(9, addiw, 0xfffffffffffff7ff, 0x7fffffffffffffff, -2048)
  TEST_IMM_OP(10, addiw, 0xfffffffffffff800, 0x8000000000000000, -2048)
  TEST_IMM_OP(11, addiw, 0xfffffffffffffaaa, 0x8000000000000000, -1366)
  TEST_IMM_OP(12, addiw, 0x00000000000007fe, 0x00000000ffffffff, 2047)
  TEST_IMM_OP(13, addiw, 0xffffffffffffffff, 0x00000000ffffffff, 0)
  TEST_IMM_OP(14, addiw, 0xffffffff80000555, 0xffffffff80000000, 1365)
  TEST_IMM_OP(15, addiw, 0xffffffff800007ff, 0xffffffff80000000, 2047)
  TEST_IMM_OP(16, addiw, 0xffffffff9abcd99a, 0x123456789abcdef0, -1366)
  TEST_IMM_OP(17, addiw, 0xffffffff9abce445, 0x123456789abcdef0, 1365)
  TEST_IMM_OP(18, addiw, 0x000000007ffff923, 0x000000007ffff800, 291)
  TEST_IMM_OP(19, addiw, 0x000000007ffff001, 0x000000007ffff800, -2047)
  TEST_IMM_SRC1_EQ_DEST(20, addiw, 0xfffffffffffffaaa, 0x8000000000000000, -1366)
  TEST_IMM_ZEROSRC1(21, addiw, 0xfffffffffffff801, -2047)
  TEST_IMM_ZERODEST(22, addiw, 0x7fffffffffffffff, -2047)
TEST_END
