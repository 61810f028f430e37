# LH: 2-byte loads, sign-extended, at every aligned offset of a pattern, negative offsets, rd = rs1, rd = x0.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_LD_OP(2, lh, 0x00000000000000ff, 0, load_data)
  TEST_LD_OP(3, lh, 0x0000000000000ff0, 2, load_data)
  TEST_LD_OP(4, lh, 0x0000000000007f80, 4, load_data)
  TEST_LD_OP(5, lh, 0xfffffffffffffe01, 6, load_data)
  TEST_LD_OP(6, lh, 0x0000000000002211, 8, load_data)
  TEST_LD_OP(7, lh, 0x0000000000004433, 10, load_data)
  TEST_LD_OP(8, lh, 0x0000000000006655, 12, load_data)
  TEST_LD_OP(9, lh, 0xffffffffffff8877, 14, load_data)
  TEST_LD_OP(10, lh, 0x0000000000000000, 16, load_data)
  TEST_LD_OP(11, lh, 0xffffffffffff8000, 18, load_data)
  TEST_LD_OP(12, lh, 0xffffffffffffffff, 20, load_data)
  TEST_LD_OP(13, lh, 0x0000000000007fff, 22, load_data)
  TEST_LD_OP(14, lh, 0xffffffffffffcdef, 24, load_data)
  TEST_LD_OP(15, lh, 0xffffffffffff89ab, 26, load_data)
  TEST_LD_OP(16, lh, 0x0000000000004567, 28, load_data)
  TEST_LD_OP(17, lh, 0x0000000000000123, 30, load_data)
  TEST_CASE(18, a4, 0xffffffffffff89ab, la a1, load_data + 32; lh a4, -6(a1))
  TEST_CASE(19, a4, 0x0000000000004567, la a1, load_data + 32; lh a4, -4(a1))
  TEST_CASE(20, a4, 0x0000000000000123, la a1, load_data + 32; lh a4, -2(a1))
  TEST_CASE(21, a1, 0x0000000000000ff0, la a1, load_data; lh a1, 2(a1))
  TEST_CASE(22, x0, 0, la a1, load_data; lh x0, 0(a1))
TEST_END

.data
.balign 16
load_data:
  .byte 0xff, 0x00, 0xf0, 0x0f, 0x80, 0x7f, 0x01, 0xfe
  .byte 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
  .byte 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0x7f
  .byte 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01
