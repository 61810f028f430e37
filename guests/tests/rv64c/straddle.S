# A 32-bit instruction may start at any 2-byte boundary once C is present: one after a
# compressed instruction, and one that straddles a 4 KiB page boundary (its halves are on two
# pages), executed repeatedly so the decoded-code cache sees it more than once.
#include "test.h"
TEST_BEGIN
  # Case 2: a 4-byte addi at a 2-byte-aligned address.
  TEST_CASE(2, a0, 12, li a0, 0; c.addi a0, 2; .option push; .option norvc; addi a0, a0, 10; .option pop)
  # Case 3: run the straddling code 3 times.
  li TESTNUM, 3
  li a0, 0
  li s1, 3
1:
  call straddle
  addi s1, s1, -1
  bnez s1, 1b
  CHECK(a0, 3 * 0x123)
  # Case 4: a jal that straddles links the address after it (start + 4).
  li TESTNUM, 4
  call straddle_jal
  la t0, straddle_jal_insn
  addi t0, t0, 4
  bne a1, t0, test_fail
TEST_END

  .text
  .balign 4096
  .skip 4096 - 4
straddle:
  c.nop
  .option push
  .option norvc
  addi a0, a0, 0x123          # bytes 4094..4097 of this stretch: across the page boundary
  .option pop
  ret

  .balign 4096
  .skip 4096 - 2
straddle_jal:
straddle_jal_insn:
  .option push
  .option norvc
  jal a1, 1f
  .option pop
1:
  ret
