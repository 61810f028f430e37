# SW: 4-byte stores at every aligned offset of a doubleword, leaving the other bytes alone; negative offsets; x0 as data; rs1 = rs2.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_CASE(2, a4, 0xa5a5a5a589abcdef, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sw a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(3, a4, 0x89abcdefa5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sw a2, 4(a1); ld a4, 0(a1))
  TEST_CASE(4, a4, 0xa5a5a5a5ffffffff, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sw a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(5, a4, 0xffffffffa5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sw a2, 4(a1); ld a4, 0(a1))
  TEST_CASE(6, a4, 0xa5a5a5a500000000, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0000000000000000; sw a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(7, a4, 0xa5a5a5a500000080, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x8000000000000080; sw a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(8, a4, 0xa5a5a5a57f7f7f7f, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x7f7f7f7f7f7f7f7f; sw a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(9, a4, 0xa5a5a5a555667788, la a1, store_data + 16; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, -8(a1); sd a3, -16(a1); li a2, 0x1122334455667788; sw a2, -8(a1); ld a4, -8(a1))
  ld a4, -16(a1); CHECK(a4, 0xa5a5a5a5a5a5a5a5)
  TEST_CASE(10, a4, 0xa5a5a5a500000000, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); sw x0, 0(a1); ld a4, 0(a1))
  TEST_CASE(11, a4, 1, la a1, store_data; sw a1, 0(a1); la a2, store_data; lwu a4, 0(a2); la a3, store_data; li t0, 0x00000000ffffffff; and a3, a3, t0; sub a4, a4, a3; seqz a4, a4)
TEST_END

.data
.balign 16
store_data: .dword 0, 0, 0, 0
