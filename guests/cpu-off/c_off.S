# --cpu rv64,c=off: misa.C is clear, a 16-bit instruction is illegal, instructions are 4-byte
# aligned (IALIGN = 32): a jump or taken branch to a 2-mod-4 address raises
# instruction-address-misaligned on itself with the target in tval, and mepc bit 1 reads as 0
# (privileged spec 3.1.14; unprivileged spec 2.2, 2.5).
#include "test.h"
.option norvc

TEST_BEGIN
  TEST_CASE(2, a0, 0, csrr a0, misa; andi a0, a0, 1 << 2)
  TEST_TRAP(3, CAUSE_ILLEGAL_INSTRUCTION, 0x4505, .2byte 0x4505; .2byte 0x0001)   # c.li a0, 1; c.nop
  # jalr to a 2-mod-4 target: cause 0, tval the target, the jump not taken (ra unchanged).
  la a1, 1f
  addi a1, a1, 2
  li ra, 77
  TEST_TRAP_CAUSE(4, CAUSE_MISALIGNED_FETCH, jalr ra, 0(a1))
  bne s10, a1, test_fail
  CHECK(ra, 77)
  # A taken branch to a 2-mod-4 target (encoded by hand: beq x0, x0, +6).
  TEST_TRAP_CAUSE(5, CAUSE_MISALIGNED_FETCH, .word 0x00000363)
  # Not taken, the same branch is fine.
  TEST_CASE(6, a0, 1, li a0, 1; .word 0x00050363; nop; nop)   # beq a0, x0, +6: not taken
  # mepc bit 1 reads as zero.
  TEST_CASE(7, a0, 0x80001000, li a0, 0x80001002; csrw mepc, a0; csrr a0, mepc)
TEST_END
1: nop
   nop
