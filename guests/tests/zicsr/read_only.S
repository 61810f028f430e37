# Read-only CSRs (number bits 11:10 = 11) can be read, and by CSRRS/CSRRC with rs1 = x0 and the
# immediate forms with 0; any instruction that writes them is illegal (mtval = the
# instruction), even CSRRS/CSRRC with rs1 != x0 holding zero, and even csrrw with rd = x0.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_CASE(2, a0, 0, li a0, 5; csrr a0, mhartid)
  TEST_CASE(3, a0, 0, li a0, 5; csrrc a0, mhartid, x0)
  TEST_CASE(4, a0, 0, li a0, 5; csrrsi a0, mvendorid, 0)
  TEST_CASE(5, a0, 0, li a0, 5; csrrci a0, marchid, 0)
  TEST_CASE(6, a0, 0, li a0, 5; csrr a0, mimpid)
  TEST_CASE(7, a0, 0, li a0, 5; csrr a0, mconfigptr)
  li a1, 0
  TEST_TRAP(8, CAUSE_ILLEGAL_INSTRUCTION, 0xf1459073, csrw mhartid, a1)
  TEST_TRAP(9, CAUSE_ILLEGAL_INSTRUCTION, 0xf145a573, csrrs a0, mhartid, a1)
  TEST_TRAP(10, CAUSE_ILLEGAL_INSTRUCTION, 0xf145b573, csrrc a0, mhartid, a1)
  TEST_TRAP(11, CAUSE_ILLEGAL_INSTRUCTION, 0xf1115573, csrrwi a0, mvendorid, 2)
  TEST_TRAP(12, CAUSE_ILLEGAL_INSTRUCTION, 0xf120e573, csrrsi a0, marchid, 1)
  TEST_TRAP(13, CAUSE_ILLEGAL_INSTRUCTION, 0xf130f573, csrrci a0, mimpid, 1)
  TEST_TRAP(14, CAUSE_ILLEGAL_INSTRUCTION, 0xf1559073, csrw mconfigptr, a1)
  # The user counters are read-only shadows.
  TEST_TRAP(15, CAUSE_ILLEGAL_INSTRUCTION, 0xc0059073, csrw cycle, a1)
  TEST_TRAP(16, CAUSE_ILLEGAL_INSTRUCTION, 0xc0159073, csrw time, a1)
  TEST_TRAP(17, CAUSE_ILLEGAL_INSTRUCTION, 0xc0259073, csrw instret, a1)
  TEST_TRAP(18, CAUSE_ILLEGAL_INSTRUCTION, 0xc0316073, csrsi hpmcounter3, 2)
  # A trapping CSR instruction writes nothing: rd keeps its value.
  TEST_CASE(19, a0, 0x77, li a0, 0x77; EXPECT_TRAP(csrrw a0, mhartid, a1))
  # mepc is the instruction.
  li TESTNUM, 20
  EXPECT_TRAP(1: csrw mimpid, a1)
  CHECK_LABEL(s11, 1b)
TEST_END
