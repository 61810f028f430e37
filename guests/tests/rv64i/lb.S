# LB: 1-byte loads, sign-extended, at every aligned offset of a pattern, negative offsets, rd = rs1, rd = x0.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_LD_OP(2, lb, 0xffffffffffffffff, 0, load_data)
  TEST_LD_OP(3, lb, 0x0000000000000000, 1, load_data)
  TEST_LD_OP(4, lb, 0xfffffffffffffff0, 2, load_data)
  TEST_LD_OP(5, lb, 0x000000000000000f, 3, load_data)
  TEST_LD_OP(6, lb, 0xffffffffffffff80, 4, load_data)
  TEST_LD_OP(7, lb, 0x000000000000007f, 5, load_data)
  TEST_LD_OP(8, lb, 0x0000000000000001, 6, load_data)
  TEST_LD_OP(9, lb, 0xfffffffffffffffe, 7, load_data)
  TEST_LD_OP(10, lb, 0x0000000000000011, 8, load_data)
  TEST_LD_OP(11, lb, 0x0000000000000022, 9, load_data)
  TEST_LD_OP(12, lb, 0x0000000000000033, 10, load_data)
  TEST_LD_OP(13, lb, 0x0000000000000044, 11, load_data)
  TEST_LD_OP(14, lb, 0x0000000000000055, 12, load_data)
  TEST_LD_OP(15, lb, 0x0000000000000066, 13, load_data)
  TEST_LD_OP(16, lb, 0x0000000000000077, 14, load_data)
  TEST_LD_OP(17, lb, 0xffffffffffffff88, 15, load_data)
  TEST_LD_OP(18, lb, 0x0000000000000000, 16, load_data)
  TEST_LD_OP(19, lb, 0x0000000000000000, 17, load_data)
  TEST_LD_OP(20, lb, 0x0000000000000000, 18, load_data)
  TEST_LD_OP(21, lb, 0xffffffffffffff80, 19, load_data)
  TEST_LD_OP(22, lb, 0xffffffffffffffff, 20, load_data)
  TEST_LD_OP(23, lb, 0xffffffffffffffff, 21, load_data)
  TEST_LD_OP(24, lb, 0xffffffffffffffff, 22, load_data)
  TEST_LD_OP(25, lb, 0x000000000000007f, 23, load_data)
  TEST_LD_OP(26, lb, 0xffffffffffffffef, 24, load_data)
  TEST_LD_OP(27, lb, 0xffffffffffffffcd, 25, load_data)
  TEST_LD_OP(28, lb, 0xffffffffffffffab, 26, load_data)
  TEST_LD_OP(29, lb, 0xffffffffffffff89, 27, load_data)
  TEST_LD_OP(30, lb, 0x0000000000000067, 28, load_data)
  TEST_LD_OP(31, lb, 0x0000000000000045, 29, load_data)
  TEST_LD_OP(32, lb, 0x0000000000000023, 30, load_data)
  TEST_LD_OP(33, lb, 0x0000000000000001, 31, load_data)
  TEST_CASE(34, a4, 0x0000000000000045, la a1, load_data + 32; lb a4, -3(a1))
  TEST_CASE(35, a4, 0x0000000000000023, la a1, load_data + 32; lb a4, -2(a1))
  TEST_CASE(36, a4, 0x0000000000000001, la a1, load_data + 32; lb a4, -1(a1))
  TEST_CASE(37, a1, 0x0000000000000000, la a1, load_data; lb a1, 1(a1))
  TEST_CASE(38, x0, 0, la a1, load_data; lb x0, 0(a1))
TEST_END

.data
.balign 16
load_data:
  .byte 0xff, 0x00, 0xf0, 0x0f, 0x80, 0x7f, 0x01, 0xfe
  .byte 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
  .byte 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0x7f
  .byte 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01
