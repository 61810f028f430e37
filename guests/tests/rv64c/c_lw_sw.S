# C.LW / C.SW: 4-byte accesses at rs1' + zero-extended offset (0..124, multiples of 4); C.LW
# sign-extends.
#include "test.h"
TEST_BEGIN
  la s0, c_data
  TEST_CASE(2, a0, 0xffffffff80000001, c.lw a0, 0(s0))
  TEST_CASE(3, a1, 0x000000007fffffff, c.lw a1, 4(s0))
  TEST_CASE(4, a2, 0x0000000012345678, c.lw a2, 124(s0))
  TEST_CASE(5, a3, 0xffffffffdeadbeef, addi a5, s0, 8; c.lw a3, 0(a5))
  TEST_CASE(6, a4, 0x00000000cafe1234, li a5, 0xcafe1234; c.sw a5, 64(s0); lwu a4, 64(s0))
  # c.sw stores only its word.
  TEST_CASE(7, a4, 0xffffffffaaaaaaaa, li a5, -1; sd a5, 16(s0); li a5, 0xaaaaaaaa; c.sw a5, 16(s0); ld a4, 16(s0))
  TEST_CASE(8, s1, 0x55aa55aa, li s1, 0x55aa55aa; c.sw s1, 120(s0); c.lw s1, 120(s0))
  # rd' = rs1': the base is used first.
  TEST_CASE(9, a5, 0x0000000012345678, mv a5, s0; c.lw a5, 124(a5))
TEST_END

.data
.balign 8
c_data:
  .word 0x80000001, 0x7fffffff, 0xdeadbeef, 0
  .skip 124 - 16
  .word 0x12345678
