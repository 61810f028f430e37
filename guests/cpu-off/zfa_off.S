# --cpu rv64,zfa=off: fli, fminm, fround, fleq, fcvtmod are illegal; F and D are not.
#include "test.h"

TEST_BEGIN
  li t0, MSTATUS_FS
  csrs mstatus, t0
  TEST_TRAP(2, CAUSE_ILLEGAL_INSTRUCTION, 0xf01086d3, .insn r 0x53, 0, 0x78, fa3, x1, x1)   # fli.s fa3, min
  TEST_TRAP(3, CAUSE_ILLEGAL_INSTRUCTION, 0x28b526d3, .insn r 0x53, 2, 0x14, fa3, fa0, fa1)  # fminm.s
  TEST_TRAP(4, CAUSE_ILLEGAL_INSTRUCTION, 0xc2851553, .insn r 0x53, 1, 0x61, a0, fa0, x8)   # fcvtmod.w.d
  TEST_CASE(5, a0, 0, fmv.w.x fa0, zero; fmv.x.w a0, fa0)
TEST_END
