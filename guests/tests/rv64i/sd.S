# SD: 8-byte stores at every aligned offset of a doubleword, leaving the other bytes alone; negative offsets; x0 as data; rs1 = rs2.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_CASE(2, a4, 0x0123456789abcdef, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sd a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(3, a4, 0xffffffffffffffff, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sd a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(4, a4, 0x0000000000000000, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0000000000000000; sd a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(5, a4, 0x8000000000000080, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x8000000000000080; sd a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(6, a4, 0x7f7f7f7f7f7f7f7f, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x7f7f7f7f7f7f7f7f; sd a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(7, a4, 0x1122334455667788, la a1, store_data + 16; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, -8(a1); sd a3, -16(a1); li a2, 0x1122334455667788; sd a2, -8(a1); ld a4, -8(a1))
  ld a4, -16(a1); CHECK(a4, 0xa5a5a5a5a5a5a5a5)
  TEST_CASE(8, a4, 0x0000000000000000, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); sd x0, 0(a1); ld a4, 0(a1))
  TEST_CASE(9, a4, 1, la a1, store_data; sd a1, 0(a1); la a2, store_data; ld a4, 0(a2); la a3, store_data; li t0, 0xffffffffffffffff; and a3, a3, t0; sub a4, a4, a3; seqz a4, a4)
TEST_END

.data
.balign 16
store_data: .dword 0, 0, 0, 0
