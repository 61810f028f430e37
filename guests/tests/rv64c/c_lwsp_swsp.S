# C.LWSP / C.SWSP: 4-byte accesses at sp + zero-extended offset (0..252); any rd; sign-extends.
#include "test.h"
TEST_BEGIN
  mv s2, sp
  la sp, c_data
  TEST_CASE(2, a0, 0xffffffff80000001, c.lwsp a0, 0(sp))
  TEST_CASE(3, t6, 0x000000007fffffff, c.lwsp t6, 4(sp))
  TEST_CASE(4, ra, 0x0000000012345678, c.lwsp ra, 252(sp))
  TEST_CASE(5, a4, 0xffffffffcafe1234, li a5, 0xcafe1234; c.swsp a5, 128(sp); lw a4, 128(sp))
  TEST_CASE(6, a4, 0xffffffff00000077, li a5, -1; sd a5, 8(sp); li a5, 0x77; c.swsp a5, 8(sp); ld a4, 8(sp))
  TEST_CASE(7, t1, 0x55, li t1, 0x55; c.swsp t1, 248(sp); c.lwsp t1, 248(sp))
  mv sp, s2
TEST_END

.data
.balign 8
c_data:
  .word 0x80000001, 0x7fffffff
  .skip 252 - 8
  .word 0x12345678
