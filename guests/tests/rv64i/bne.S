# BNE: branch if not equal; taken and not-taken cases across signed/unsigned boundaries, x0, forward and backward targets.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_BR_NOT_TAKEN(2, bne, 0x0000000000000000, 0x0000000000000000)
  TEST_BR_NOT_TAKEN(3, bne, 0x0000000000000001, 0x0000000000000001)
  TEST_BR_NOT_TAKEN(4, bne, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_BR_TAKEN(5, bne, 0x0000000000000000, 0x0000000000000001)
  TEST_BR_TAKEN(6, bne, 0x0000000000000001, 0x0000000000000000)
  TEST_BR_TAKEN(7, bne, 0xffffffffffffffff, 0x0000000000000001)
  TEST_BR_TAKEN(8, bne, 0x0000000000000001, 0xffffffffffffffff)
  TEST_BR_TAKEN(9, bne, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_TAKEN(10, bne, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_NOT_TAKEN(11, bne, 0x8000000000000000, 0x8000000000000000)
  TEST_BR_TAKEN(12, bne, 0xffffffff00000000, 0x00000000ffffffff)
  TEST_BR_TAKEN(13, bne, 0x00000000ffffffff, 0xffffffff00000000)
  TEST_BR_TAKEN(14, bne, 0x0000000100000000, 0x0000000100000001)
  TEST_BR_TAKEN(15, bne, 0xfffffffffffffffe, 0xffffffffffffffff)
  li TESTNUM, 16; bne x0, x0, 1f; j 2f; 1: j test_fail; 2:
  li TESTNUM, 17
  li a4, 0; li a1, 0x0000000000000000; li a2, 0x0000000000000001; bne a1, a2, 3f; addi a4, a4, 1; addi a4, a4, 1; 3: addi a4, a4, 3
  CHECK(a4, 3)
  li TESTNUM, 18
  li a4, 0; li a5, 3; 4: addi a4, a4, 1; bne a4, a5, 4b
  CHECK(a4, 3)
TEST_END
