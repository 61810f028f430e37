# C.LD / C.SD: 8-byte accesses at rs1' + zero-extended offset (0..248, multiples of 8).
#include "test.h"
TEST_BEGIN
  la s0, c_data
  TEST_CASE(2, a0, 0x8000000000000001, c.ld a0, 0(s0))
  TEST_CASE(3, a1, 0x0123456789abcdef, c.ld a1, 8(s0))
  TEST_CASE(4, a2, 0xfedcba9876543210, c.ld a2, 248(s0))
  TEST_CASE(5, a3, 0x1122334455667788, li a5, 0x1122334455667788; c.sd a5, 128(s0); ld a3, 128(s0))
  TEST_CASE(6, a4, 0x99, li a5, 0x99; c.sd a5, 248(s0); c.ld a4, 248(s0))
  TEST_CASE(7, s1, 0x0123456789abcdef, mv s1, s0; c.ld s1, 8(s1))
TEST_END

.data
.balign 8
c_data:
  .dword 0x8000000000000001, 0x0123456789abcdef
  .skip 248 - 16
  .dword 0xfedcba9876543210
