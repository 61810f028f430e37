# CSRRW / CSRRWI: rd gets the old value, the CSR the new one; rd = x0 still writes; rd = rs1
# reads the old value and writes the register's previous contents; the immediate is 5 bits,
# zero-extended.
#include "test.h"
.option norvc
TEST_BEGIN
  csrw mscratch, zero
  TEST_CASE(2, a0, 0, li a1, 0x123456789abcdef0; csrrw a0, mscratch, a1)
  TEST_CASE(3, a0, 0x123456789abcdef0, li a1, -1; csrrw a0, mscratch, a1)
  TEST_CASE(4, a0, -1, csrr a0, mscratch)
  TEST_CASE(5, a0, 7, li a1, 7; csrrw x0, mscratch, a1; csrr a0, mscratch)
  TEST_CASE(6, a1, 7, li a1, 8; csrrw a1, mscratch, a1)
  TEST_CASE(7, a0, 8, csrr a0, mscratch)
  TEST_CASE(8, a0, 8, csrrwi a0, mscratch, 31)
  TEST_CASE(9, a0, 31, csrrwi a0, mscratch, 0)
  TEST_CASE(10, a0, 0, csrr a0, mscratch)
  TEST_CASE(11, a0, 0x10, csrrwi x0, mscratch, 0x10; csrr a0, mscratch)
  # csrw is csrrw x0; csrr is csrrs rd, x0.
  TEST_CASE(12, a0, 0x5555, li a1, 0x5555; csrw sscratch, a1; csrr a0, sscratch)
TEST_END
