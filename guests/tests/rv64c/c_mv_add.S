# C.MV (rd = rs2) and C.ADD (rd += rs2), any registers; rd = x0 forms are HINTs.
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 0x123456789abcdef0, li a1, 0x123456789abcdef0; c.mv a0, a1)
  TEST_CASE(3, t6, -1, li ra, -1; c.mv t6, ra)
  TEST_CASE(4, s11, 0, li s11, 5; li s10, 0; c.mv s11, s10)
  TEST_CASE(5, a0, 3, li a0, 1; li a1, 2; c.add a0, a1)
  TEST_CASE(6, t0, 0, li t0, 0x8000000000000000; li t1, 0x8000000000000000; c.add t0, t1)
  TEST_CASE(7, a2, 0x40, li a2, 0x20; c.add a2, a2)
  TEST_CASE(8, x0, 0, li a0, 1; .hword 0x802a)
  TEST_CASE(9, x0, 0, li a0, 1; .hword 0x902a)
TEST_END
