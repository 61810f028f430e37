# LD: 8-byte loads, whole doubleword, at every aligned offset of a pattern, negative offsets, rd = rs1, rd = x0.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_LD_OP(2, ld, 0xfe017f800ff000ff, 0, load_data)
  TEST_LD_OP(3, ld, 0x8877665544332211, 8, load_data)
  TEST_LD_OP(4, ld, 0x7fffffff80000000, 16, load_data)
  TEST_LD_OP(5, ld, 0x0123456789abcdef, 24, load_data)
  TEST_CASE(6, a4, 0x8877665544332211, la a1, load_data + 32; ld a4, -24(a1))
  TEST_CASE(7, a4, 0x7fffffff80000000, la a1, load_data + 32; ld a4, -16(a1))
  TEST_CASE(8, a4, 0x0123456789abcdef, la a1, load_data + 32; ld a4, -8(a1))
  TEST_CASE(9, a1, 0x8877665544332211, la a1, load_data; ld a1, 8(a1))
  TEST_CASE(10, x0, 0, la a1, load_data; ld x0, 0(a1))
TEST_END

.data
.balign 16
load_data:
  .byte 0xff, 0x00, 0xf0, 0x0f, 0x80, 0x7f, 0x01, 0xfe
  .byte 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
  .byte 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0x7f
  .byte 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01
