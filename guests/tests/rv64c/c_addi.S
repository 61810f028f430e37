# C.ADDI: rd += sign-extended 6-bit immediate; C.NOP; the HINT forms (c.nop with an immediate,
# c.addi with immediate 0) change nothing.
#include "test.h"
TEST_BEGIN
  TEST_CASE(2, a0, 1, li a0, 0; c.addi a0, 1)
  TEST_CASE(3, a0, 31, li a0, 0; c.addi a0, 31)
  TEST_CASE(4, a0, -32, li a0, 0; c.addi a0, -32)
  TEST_CASE(5, t0, 0x7fffffffffffffff, li t0, 0x8000000000000000; c.addi t0, -1)
  TEST_CASE(6, s11, 0, li s11, -1; c.addi s11, 1)
  TEST_CASE(7, ra, 0x1000000000000010, li ra, 0x1000000000000000; c.addi ra, 16)
  TEST_CASE(8, a0, 0x55, li a0, 0x55; c.nop)
  # c.nop with a nonzero immediate (HINT), c.addi a0, 0 (HINT).
  TEST_CASE(9, a0, 0x55, li a0, 0x55; .hword 0x0005)
  TEST_CASE(10, a0, 0x66, li a0, 0x66; .hword 0x0501)
  TEST_CASE(11, a0, 0x66, li a0, 0x66; .hword 0x107d)
TEST_END
