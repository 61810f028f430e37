# LBU: 1-byte loads, zero-extended, at every aligned offset of a pattern, negative offsets, rd = rs1, rd = x0.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_LD_OP(2, lbu, 0x00000000000000ff, 0, load_data)
  TEST_LD_OP(3, lbu, 0x0000000000000000, 1, load_data)
  TEST_LD_OP(4, lbu, 0x00000000000000f0, 2, load_data)
  TEST_LD_OP(5, lbu, 0x000000000000000f, 3, load_data)
  TEST_LD_OP(6, lbu, 0x0000000000000080, 4, load_data)
  TEST_LD_OP(7, lbu, 0x000000000000007f, 5, load_data)
  TEST_LD_OP(8, lbu, 0x0000000000000001, 6, load_data)
  TEST_LD_OP(9, lbu, 0x00000000000000fe, 7, load_data)
  TEST_LD_OP(10, lbu, 0x0000000000000011, 8, load_data)
  TEST_LD_OP(11, lbu, 0x0000000000000022, 9, load_data)
  TEST_LD_OP(12, lbu, 0x0000000000000033, 10, load_data)
  TEST_LD_OP(13, lbu, 0x0000000000000044, 11, load_data)
  TEST_LD_OP(14, lbu, 0x0000000000000055, 12, load_data)
  TEST_LD_OP(15, lbu, 0x0000000000000066, 13, load_data)
  TEST_LD_OP(16, lbu, 0x0000000000000077, 14, load_data)
  TEST_LD_OP(17, lbu, 0x0000000000000088, 15, load_data)
  TEST_LD_OP(18, lbu, 0x0000000000000000, 16, load_data)
  TEST_LD_OP(19, lbu, 0x0000000000000000, 17, load_data)
  TEST_LD_OP(20, lbu, 0x0000000000000000, 18, load_data)
  TEST_LD_OP(21, lbu, 0x0000000000000080, 19, load_data)
  TEST_LD_OP(22, lbu, 0x00000000000000ff, 20, load_data)
  TEST_LD_OP(23, lbu, 0x00000000000000ff, 21, load_data)
  TEST_LD_OP(24, lbu, 0x00000000000000ff, 22, load_data)
  TEST_LD_OP(25, lbu, 0x000000000000007f, 23, load_data)
  TEST_LD_OP(26, lbu, 0x00000000000000ef, 24, load_data)
  TEST_LD_OP(27, lbu, 0x00000000000000cd, 25, load_data)
  TEST_LD_OP(28, lbu, 0x00000000000000ab, 26, load_data)
  TEST_LD_OP(29, lbu, 0x0000000000000089, 27, load_data)
  TEST_LD_OP(30, lbu, 0x0000000000000067, 28, load_data)
  TEST_LD_OP(31, lbu, 0x0000000000000045, 29, load_data)
  TEST_LD_OP(32, lbu, 0x0000000000000023, 30, load_data)
  TEST_LD_OP(33, lbu, 0x0000000000000001, 31, load_data)
  TEST_CASE(34, a4, 0x0000000000000045, la a1, load_data + 32; lbu a4, -3(a1))
  TEST_CASE(35, a4, 0x0000000000000023, la a1, load_data + 32; lbu a4, -2(a1))
  TEST_CASE(36, a4, 0x0000000000000001, la a1, load_data + 32; lbu a4, -1(a1))
  TEST_CASE(37, a1, 0x0000000000000000, la a1, load_data; lbu a1, 1(a1))
  TEST_CASE(38, x0, 0, la a1, load_data; lbu x0, 0(a1))
TEST_END

.data
.balign 16
load_data:
  .byte 0xff, 0x00, 0xf0, 0x0f, 0x80, 0x7f, 0x01, 0xfe
  .byte 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
  .byte 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0x7f
  .byte 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01
