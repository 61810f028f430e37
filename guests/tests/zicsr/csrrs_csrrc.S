# CSRRS / CSRRC and their immediate forms: set or clear the bits of rs1 (or of the 5-bit
# immediate), returning the old value; with rs1 = x0 or immediate 0 they do not write.
#include "test.h"
.option norvc
TEST_BEGIN
  li a1, 0xf0f0
  csrw mscratch, a1
  TEST_CASE(2, a0, 0xf0f0, li a1, 0x0f0f; csrrs a0, mscratch, a1)
  TEST_CASE(3, a0, 0xffff, csrr a0, mscratch)
  TEST_CASE(4, a0, 0xffff, li a1, 0x00ff; csrrc a0, mscratch, a1)
  TEST_CASE(5, a0, 0xff00, csrr a0, mscratch)
  TEST_CASE(6, a0, 0xff00, csrrsi a0, mscratch, 0x1f)
  TEST_CASE(7, a0, 0xff1f, csrrci a0, mscratch, 0x3)
  TEST_CASE(8, a0, 0xff1c, csrr a0, mscratch)
  # Zero sources: read only.
  TEST_CASE(9, a0, 0xff1c, csrrs a0, mscratch, x0; csrr a0, mscratch)
  TEST_CASE(10, a0, 0xff1c, csrrc a0, mscratch, x0; csrr a0, mscratch)
  TEST_CASE(11, a0, 0xff1c, csrrsi a0, mscratch, 0; csrr a0, mscratch)
  TEST_CASE(12, a0, 0xff1c, csrrci a0, mscratch, 0; csrr a0, mscratch)
  # rd = rs1.
  TEST_CASE(13, a1, 0xff1c, li a1, 0x1; csrrs a1, mscratch, a1)
  TEST_CASE(14, a0, 0xff1d, csrr a0, mscratch)
  # Bit 63.
  TEST_CASE(15, a0, 0x800000000000ff1d, li a1, 0x8000000000000000; csrs mscratch, a1; csrr a0, mscratch)
  TEST_CASE(16, a0, 0x000000000000ff1d, li a1, 0x8000000000000000; csrc mscratch, a1; csrr a0, mscratch)
TEST_END
