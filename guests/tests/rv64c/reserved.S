# Reserved and unsupported 16-bit encodings raise illegal instruction with mtval = the 16 bits
# (upper half zero) and mepc at the instruction: all zeros, c.addi4spn with immediate 0,
# c.addiw/c.lwsp/c.ldsp with rd = x0, c.jr x0, c.addi16sp 0, c.lui rd,0, the Q1 arithmetic codes
# that stay reserved with Zcb (its unary slots 6 and 7), and the FP loads/stores (no F/D on this hart).
#include "test.h"
#define ILLEGAL16(n, bits) TEST_TRAP(n, CAUSE_ILLEGAL_INSTRUCTION, bits, 1: .hword bits); CHECK_LABEL(s11, 1b)
TEST_BEGIN
  ILLEGAL16(2, 0x0000)
  ILLEGAL16(3, 0x0004)
  ILLEGAL16(4, 0x2005)
  ILLEGAL16(5, 0x4002)
  ILLEGAL16(6, 0x6002)
  ILLEGAL16(7, 0x8002)
  ILLEGAL16(8, 0x6101)
  ILLEGAL16(9, 0x6501)
  ILLEGAL16(10, 0x9c79)
  ILLEGAL16(11, 0x9c7d)
  ILLEGAL16(12, 0x2000)
  ILLEGAL16(13, 0xa000)
  ILLEGAL16(14, 0x2002)
  ILLEGAL16(15, 0xa002)
  # c.lwsp x0 with a nonzero offset is still reserved.
  ILLEGAL16(16, 0x5002)
  # Case 17: the registers are untouched.
  TEST_CASE(17, a0, 0x1234, li a0, 0x1234; EXPECT_TRAP(.hword 0x6501))
TEST_END
