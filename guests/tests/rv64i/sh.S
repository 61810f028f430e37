# SH: 2-byte stores at every aligned offset of a doubleword, leaving the other bytes alone; negative offsets; x0 as data; rs1 = rs2.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_CASE(2, a4, 0xa5a5a5a5a5a5cdef, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sh a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(3, a4, 0xa5a5a5a5cdefa5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sh a2, 2(a1); ld a4, 0(a1))
  TEST_CASE(4, a4, 0xa5a5cdefa5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sh a2, 4(a1); ld a4, 0(a1))
  TEST_CASE(5, a4, 0xcdefa5a5a5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sh a2, 6(a1); ld a4, 0(a1))
  TEST_CASE(6, a4, 0xa5a5a5a5a5a5ffff, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sh a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(7, a4, 0xa5a5a5a5ffffa5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sh a2, 2(a1); ld a4, 0(a1))
  TEST_CASE(8, a4, 0xa5a5ffffa5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sh a2, 4(a1); ld a4, 0(a1))
  TEST_CASE(9, a4, 0xffffa5a5a5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sh a2, 6(a1); ld a4, 0(a1))
  TEST_CASE(10, a4, 0xa5a5a5a5a5a50000, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0000000000000000; sh a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(11, a4, 0xa5a5a5a5a5a50080, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x8000000000000080; sh a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(12, a4, 0xa5a5a5a5a5a57f7f, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x7f7f7f7f7f7f7f7f; sh a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(13, a4, 0xa5a5a5a5a5a57788, la a1, store_data + 16; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, -8(a1); sd a3, -16(a1); li a2, 0x1122334455667788; sh a2, -8(a1); ld a4, -8(a1))
  ld a4, -16(a1); CHECK(a4, 0xa5a5a5a5a5a5a5a5)
  TEST_CASE(14, a4, 0xa5a5a5a5a5a50000, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); sh x0, 0(a1); ld a4, 0(a1))
  TEST_CASE(15, a4, 1, la a1, store_data; sh a1, 0(a1); la a2, store_data; lhu a4, 0(a2); la a3, store_data; li t0, 0x000000000000ffff; and a3, a3, t0; sub a4, a4, a3; seqz a4, a4)
TEST_END

.data
.balign 16
store_data: .dword 0, 0, 0, 0
