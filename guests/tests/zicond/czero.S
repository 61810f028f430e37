# Zicond: czero.eqz rd, rs1, rs2 is 0 when rs2 == 0, else rs1; czero.nez the other way round.
# (binutils 2.40 predates Zicond, so the instructions are written with .insn: OP, funct3 5/7,
# funct7 0000111.)
#include "test.h"
#define CZERO_EQZ(rd, rs1, rs2) .insn r OP, 5, 7, rd, rs1, rs2
#define CZERO_NEZ(rd, rs1, rs2) .insn r OP, 7, 7, rd, rs1, rs2
TEST_BEGIN
  TEST_CASE(2, a4, 0, li a1, 0x1234; li a2, 0; CZERO_EQZ(a4, a1, a2))
  TEST_CASE(3, a4, 0x1234, li a1, 0x1234; li a2, 1; CZERO_EQZ(a4, a1, a2))
  TEST_CASE(4, a4, -1, li a1, -1; li a2, 0x8000000000000000; CZERO_EQZ(a4, a1, a2))
  TEST_CASE(5, a4, 0x1234, li a1, 0x1234; li a2, 0; CZERO_NEZ(a4, a1, a2))
  TEST_CASE(6, a4, 0, li a1, 0x1234; li a2, 1; CZERO_NEZ(a4, a1, a2))
  TEST_CASE(7, a4, 0, li a1, -1; li a2, 0x8000000000000000; CZERO_NEZ(a4, a1, a2))
  # rs2 = x0 and rs1 = x0 forms, and rd the same as a source.
  TEST_CASE(8, a4, 0, li a1, 77; CZERO_EQZ(a4, a1, x0))
  TEST_CASE(9, a4, 77, li a1, 77; CZERO_NEZ(a4, a1, x0))
  TEST_CASE(10, a4, 0, li a2, 5; CZERO_EQZ(a4, x0, a2))
  TEST_CASE(11, a1, 9, li a1, 9; li a2, 3; CZERO_EQZ(a1, a1, a2))
  TEST_CASE(12, a2, 0, li a1, 9; li a2, 3; CZERO_NEZ(a2, a1, a2))
  TEST_CASE(13, x0, 0, li a1, 9; li a2, 3; CZERO_EQZ(x0, a1, a2))
  # The branch-free select it exists for: a2 ? a0 : a1.
  TEST_CASE(14, a4, 111, li a0, 111; li a1, 222; li a2, 1; CZERO_EQZ(t0, a0, a2); CZERO_NEZ(t1, a1, a2); or a4, t0, t1)
  TEST_CASE(15, a4, 222, li a0, 111; li a1, 222; li a2, 0; CZERO_EQZ(t0, a0, a2); CZERO_NEZ(t1, a1, a2); or a4, t0, t1)
TEST_END
