# LUI: the 20-bit immediate lands in bits 31:12, the low 12 bits are zero and bit 31 is
# sign-extended into the upper half; lui to x0 writes nothing.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_CASE(2, a4, 0x0000000000000000, lui a4, 0x00000)
  TEST_CASE(3, a4, 0x0000000000001000, lui a4, 0x00001)
  TEST_CASE(4, a4, 0x000000007ffff000, lui a4, 0x7ffff)
  TEST_CASE(5, a4, 0xffffffff80000000, lui a4, 0x80000)
  TEST_CASE(6, a4, 0xfffffffffffff000, lui a4, 0xfffff)
  TEST_CASE(7, a4, 0x0000000012345000, lui a4, 0x12345)
  TEST_CASE(8, a4, 0xffffffffabcde000, lui a4, 0xabcde)
  # The low bits are cleared even when the register held something.
  TEST_CASE(9, a4, 0x0000000000005000, li a4, -1; lui a4, 0x5)
  # lui then addi builds a 32-bit constant; addi's negative immediate borrows from the upper part.
  TEST_CASE(10, a4, 0x0000000012344fff, lui a4, 0x12345; addi a4, a4, -1)
  TEST_CASE(11, a4, 0xffffffff80000800, lui a4, 0x80001; addi a4, a4, -2048)
  TEST_CASE(12, x0, 0, lui x0, 0x80000)
  # An arithmetic shift right shows the sign extension.
  TEST_CASE(13, a4, 0xfffffffffffffffe, lui a4, 0x80000; srai a4, a4, 30)
  TEST_CASE(14, a4, 0x0000000000000001, lui a4, 0x40000; srai a4, a4, 30)
TEST_END
