# LWU: 4-byte loads, zero-extended, at every aligned offset of a pattern, negative offsets, rd = rs1, rd = x0.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_LD_OP(2, lwu, 0x000000000ff000ff, 0, load_data)
  TEST_LD_OP(3, lwu, 0x00000000fe017f80, 4, load_data)
  TEST_LD_OP(4, lwu, 0x0000000044332211, 8, load_data)
  TEST_LD_OP(5, lwu, 0x0000000088776655, 12, load_data)
  TEST_LD_OP(6, lwu, 0x0000000080000000, 16, load_data)
  TEST_LD_OP(7, lwu, 0x000000007fffffff, 20, load_data)
  TEST_LD_OP(8, lwu, 0x0000000089abcdef, 24, load_data)
  TEST_LD_OP(9, lwu, 0x0000000001234567, 28, load_data)
  TEST_CASE(10, a4, 0x000000007fffffff, la a1, load_data + 32; lwu a4, -12(a1))
  TEST_CASE(11, a4, 0x0000000089abcdef, la a1, load_data + 32; lwu a4, -8(a1))
  TEST_CASE(12, a4, 0x0000000001234567, la a1, load_data + 32; lwu a4, -4(a1))
  TEST_CASE(13, a1, 0x00000000fe017f80, la a1, load_data; lwu a1, 4(a1))
  TEST_CASE(14, x0, 0, la a1, load_data; lwu x0, 0(a1))
TEST_END

.data
.balign 16
load_data:
  .byte 0xff, 0x00, 0xf0, 0x0f, 0x80, 0x7f, 0x01, 0xfe
  .byte 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
  .byte 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0x7f
  .byte 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01
