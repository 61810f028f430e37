# ADD and ADDI: wrap-around, signs, x0 as source and destination.
#include "test.h"
TEST_BEGIN
  TEST_RR_OP(2, add, 0x00000000, 0x00000000, 0x00000000)
  TEST_RR_OP(3, add, 0x00000002, 0x00000001, 0x00000001)
  TEST_RR_OP(4, add, 0x0000000a, 0x00000003, 0x00000007)
  TEST_RR_OP(5, add, 0xffffffffffff8000, 0x0000000000000000, 0xffffffffffff8000)
  TEST_RR_OP(6, add, 0xffffffff80000000, 0xffffffff80000000, 0x00000000)
  TEST_RR_OP(7, add, 0xffffffff7fff8000, 0xffffffff80000000, 0xffffffffffff8000)
  TEST_RR_OP(8, add, 0x8000000000000000, 0x7fffffffffffffff, 0x0000000000000001)
  TEST_RR_OP(9, add, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000001)
  TEST_RR_SRC1_EQ_DEST(10, add, 24, 13, 11)
  TEST_RR_SRC2_EQ_DEST(11, add, 25, 14, 11)
  TEST_RR_ZERODEST(12, add, 16, 30)
  TEST_IMM_OP(13, addi, 0x0000000000000800, 0x00000000000007ff, 1)
  TEST_IMM_OP(14, addi, 0xfffffffffffff800, 0x0000000000000000, -2048)
  TEST_IMM_OP(15, addi, 0x7ffffffffffffffe, 0x7fffffffffffffff, -1)
  TEST_CASE(16, a0, 5, li a0, 5; addi x0, a0, 7)
TEST_END
