# LHU: 2-byte loads, zero-extended, at every aligned offset of a pattern, negative offsets, rd = rs1, rd = x0.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_LD_OP(2, lhu, 0x00000000000000ff, 0, load_data)
  TEST_LD_OP(3, lhu, 0x0000000000000ff0, 2, load_data)
  TEST_LD_OP(4, lhu, 0x0000000000007f80, 4, load_data)
  TEST_LD_OP(5, lhu, 0x000000000000fe01, 6, load_data)
  TEST_LD_OP(6, lhu, 0x0000000000002211, 8, load_data)
  TEST_LD_OP(7, lhu, 0x0000000000004433, 10, load_data)
  TEST_LD_OP(8, lhu, 0x0000000000006655, 12, load_data)
  TEST_LD_OP(9, lhu, 0x0000000000008877, 14, load_data)
  TEST_LD_OP(10, lhu, 0x0000000000000000, 16, load_data)
  TEST_LD_OP(11, lhu, 0x0000000000008000, 18, load_data)
  TEST_LD_OP(12, lhu, 0x000000000000ffff, 20, load_data)
  TEST_LD_OP(13, lhu, 0x0000000000007fff, 22, load_data)
  TEST_LD_OP(14, lhu, 0x000000000000cdef, 24, load_data)
  TEST_LD_OP(15, lhu, 0x00000000000089ab, 26, load_data)
  TEST_LD_OP(16, lhu, 0x0000000000004567, 28, load_data)
  TEST_LD_OP(17, lhu, 0x0000000000000123, 30, load_data)
  TEST_CASE(18, a4, 0x00000000000089ab, la a1, load_data + 32; lhu a4, -6(a1))
  TEST_CASE(19, a4, 0x0000000000004567, la a1, load_data + 32; lhu a4, -4(a1))
  TEST_CASE(20, a4, 0x0000000000000123, la a1, load_data + 32; lhu a4, -2(a1))
  TEST_CASE(21, a1, 0x0000000000000ff0, la a1, load_data; lhu a1, 2(a1))
  TEST_CASE(22, x0, 0, la a1, load_data; lhu x0, 0(a1))
TEST_END

.data
.balign 16
load_data:
  .byte 0xff, 0x00, 0xf0, 0x0f, 0x80, 0x7f, 0x01, 0xfe
  .byte 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
  .byte 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0x7f
  .byte 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01
