# --cpu rv64,zcb=off: Zcb's encodings are illegal again (c.lbu, c.zext.b, c.mul), C is not.
#include "test.h"

TEST_BEGIN
  la a1, scratch
  TEST_TRAP(2, CAUSE_ILLEGAL_INSTRUCTION, 0x8188, .2byte 0x8188)   # c.lbu a0, 0(a1)
  TEST_TRAP(3, CAUSE_ILLEGAL_INSTRUCTION, 0x9d61, .2byte 0x9d61)   # c.zext.b a0
  TEST_TRAP(4, CAUSE_ILLEGAL_INSTRUCTION, 0x9d49, .2byte 0x9d49)   # c.mul a0, a0
  TEST_CASE(5, a0, 3, li a0, 1; c.addi a0, 2)
TEST_END
  .data
scratch: .dword 0
