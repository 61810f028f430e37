# C.LDSP / C.SDSP: 8-byte accesses at sp + zero-extended offset (0..504); any rd.
#include "test.h"
TEST_BEGIN
  mv s2, sp
  la sp, c_data
  TEST_CASE(2, a0, 0x8000000000000001, c.ldsp a0, 0(sp))
  TEST_CASE(3, t6, 0x0123456789abcdef, c.ldsp t6, 8(sp))
  TEST_CASE(4, ra, 0xfedcba9876543210, c.ldsp ra, 504(sp))
  TEST_CASE(5, a4, 0x1122334455667788, li a5, 0x1122334455667788; c.sdsp a5, 256(sp); ld a4, 256(sp))
  TEST_CASE(6, t1, 0x55, li t1, 0x55; c.sdsp t1, 496(sp); c.ldsp t1, 496(sp))
  mv sp, s2
TEST_END

.data
.balign 8
c_data:
  .dword 0x8000000000000001, 0x0123456789abcdef
  .skip 504 - 16
  .dword 0xfedcba9876543210
