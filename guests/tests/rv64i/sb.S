# SB: 1-byte stores at every aligned offset of a doubleword, leaving the other bytes alone; negative offsets; x0 as data; rs1 = rs2.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_CASE(2, a4, 0xa5a5a5a5a5a5a5ef, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sb a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(3, a4, 0xa5a5a5a5a5a5efa5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sb a2, 1(a1); ld a4, 0(a1))
  TEST_CASE(4, a4, 0xa5a5a5a5a5efa5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sb a2, 2(a1); ld a4, 0(a1))
  TEST_CASE(5, a4, 0xa5a5a5a5efa5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sb a2, 3(a1); ld a4, 0(a1))
  TEST_CASE(6, a4, 0xa5a5a5efa5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sb a2, 4(a1); ld a4, 0(a1))
  TEST_CASE(7, a4, 0xa5a5efa5a5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sb a2, 5(a1); ld a4, 0(a1))
  TEST_CASE(8, a4, 0xa5efa5a5a5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sb a2, 6(a1); ld a4, 0(a1))
  TEST_CASE(9, a4, 0xefa5a5a5a5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0123456789abcdef; sb a2, 7(a1); ld a4, 0(a1))
  TEST_CASE(10, a4, 0xa5a5a5a5a5a5a5ff, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sb a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(11, a4, 0xa5a5a5a5a5a5ffa5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sb a2, 1(a1); ld a4, 0(a1))
  TEST_CASE(12, a4, 0xa5a5a5a5a5ffa5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sb a2, 2(a1); ld a4, 0(a1))
  TEST_CASE(13, a4, 0xa5a5a5a5ffa5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sb a2, 3(a1); ld a4, 0(a1))
  TEST_CASE(14, a4, 0xa5a5a5ffa5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sb a2, 4(a1); ld a4, 0(a1))
  TEST_CASE(15, a4, 0xa5a5ffa5a5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sb a2, 5(a1); ld a4, 0(a1))
  TEST_CASE(16, a4, 0xa5ffa5a5a5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sb a2, 6(a1); ld a4, 0(a1))
  TEST_CASE(17, a4, 0xffa5a5a5a5a5a5a5, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0xffffffffffffffff; sb a2, 7(a1); ld a4, 0(a1))
  TEST_CASE(18, a4, 0xa5a5a5a5a5a5a500, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x0000000000000000; sb a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(19, a4, 0xa5a5a5a5a5a5a580, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x8000000000000080; sb a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(20, a4, 0xa5a5a5a5a5a5a57f, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); li a2, 0x7f7f7f7f7f7f7f7f; sb a2, 0(a1); ld a4, 0(a1))
  TEST_CASE(21, a4, 0xa5a5a5a5a5a5a588, la a1, store_data + 16; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, -8(a1); sd a3, -16(a1); li a2, 0x1122334455667788; sb a2, -8(a1); ld a4, -8(a1))
  ld a4, -16(a1); CHECK(a4, 0xa5a5a5a5a5a5a5a5)
  TEST_CASE(22, a4, 0xa5a5a5a5a5a5a500, la a1, store_data; li a3, 0xa5a5a5a5a5a5a5a5; sd a3, 0(a1); sb x0, 0(a1); ld a4, 0(a1))
  TEST_CASE(23, a4, 1, la a1, store_data; sb a1, 0(a1); la a2, store_data; lbu a4, 0(a2); la a3, store_data; li t0, 0x00000000000000ff; and a3, a3, t0; sub a4, a4, a3; seqz a4, a4)
TEST_END

.data
.balign 16
store_data: .dword 0, 0, 0, 0
