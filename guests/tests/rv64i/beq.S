# BEQ: branch if equal; taken and not-taken cases across signed/unsigned boundaries, x0, forward and backward targets.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_BR_TAKEN(2, beq, 0x0000000000000000, 0x0000000000000000)
  TEST_BR_TAKEN(3, beq, 0x0000000000000001, 0x0000000000000001)
  TEST_BR_TAKEN(4, beq, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(5, beq, 0x0000000000000000, 0x0000000000000001)
  TEST_BR_NOT_TAKEN(6, beq, 0x0000000000000001, 0x0000000000000000)
  TEST_BR_NOT_TAKEN(7, beq, 0xffffffffffffffff, 0x0000000000000001)
  TEST_BR_NOT_TAKEN(8, beq, 0x0000000000000001, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(9, beq, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_NOT_TAKEN(10, beq, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_TAKEN(11, beq, 0x8000000000000000, 0x8000000000000000)
  TEST_BR_NOT_TAKEN(12, beq, 0xffffffff00000000, 0x00000000ffffffff)
  TEST_BR_NOT_TAKEN(13, beq, 0x00000000ffffffff, 0xffffffff00000000)
  TEST_BR_NOT_TAKEN(14, beq, 0x0000000100000000, 0x0000000100000001)
  TEST_BR_NOT_TAKEN(15, beq, 0xfffffffffffffffe, 0xffffffffffffffff)
  li TESTNUM, 16; beq x0, x0, 1f; j test_fail; 1:
  li TESTNUM, 17
  li a4, 0; li a1, 0x0000000000000000; li a2, 0x0000000000000000; beq a1, a2, 3f; addi a4, a4, 1; addi a4, a4, 1; 3: addi a4, a4, 3
  CHECK(a4, 3)
  li TESTNUM, 18
  li a4, 0; li a5, 3; 4: addi a4, a4, 1; li a6, 0; slt a6, a4, a5; li a7, 1; beq a6, a7, 4b
  CHECK(a4, 3)
TEST_END
