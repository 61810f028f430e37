# BGE: branch if signed greater or equal; taken and not-taken cases across signed/unsigned boundaries, x0, forward and backward targets.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_BR_TAKEN(2, bge, 0x0000000000000000, 0x0000000000000000)
  TEST_BR_TAKEN(3, bge, 0x0000000000000001, 0x0000000000000001)
  TEST_BR_TAKEN(4, bge, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(5, bge, 0x0000000000000000, 0x0000000000000001)
  TEST_BR_TAKEN(6, bge, 0x0000000000000001, 0x0000000000000000)
  TEST_BR_NOT_TAKEN(7, bge, 0xffffffffffffffff, 0x0000000000000001)
  TEST_BR_TAKEN(8, bge, 0x0000000000000001, 0xffffffffffffffff)
  TEST_BR_TAKEN(9, bge, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_NOT_TAKEN(10, bge, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_TAKEN(11, bge, 0x8000000000000000, 0x8000000000000000)
  TEST_BR_NOT_TAKEN(12, bge, 0xffffffff00000000, 0x00000000ffffffff)
  TEST_BR_TAKEN(13, bge, 0x00000000ffffffff, 0xffffffff00000000)
  TEST_BR_NOT_TAKEN(14, bge, 0x0000000100000000, 0x0000000100000001)
  TEST_BR_NOT_TAKEN(15, bge, 0xfffffffffffffffe, 0xffffffffffffffff)
  li TESTNUM, 16; bge x0, x0, 1f; j test_fail; 1:
  li TESTNUM, 17
  li a4, 0; li a1, 0x0000000000000000; li a2, 0x0000000000000000; bge a1, a2, 3f; addi a4, a4, 1; addi a4, a4, 1; 3: addi a4, a4, 3
  CHECK(a4, 3)
  li TESTNUM, 18
  li a4, 3; li a5, 1; li a6, 0; 4: addi a6, a6, 1; addi a4, a4, -1; bge a4, a5, 4b; mv a4, a6
  CHECK(a4, 3)
TEST_END
