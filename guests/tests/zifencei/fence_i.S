# Self-modifying code made visible by FENCE.I: a routine run, rewritten and run again; an
# instruction patched a few instructions ahead in the running code; a compressed instruction
# patched with a 16-bit store; code copied to a fresh page and run there.
#include "test.h"
.option norvc
TEST_BEGIN
  # Case 2: run the routine once: it adds 1.
  li TESTNUM, 2
  li a0, 0
  call patch_me
  CHECK(a0, 1)
  # Case 3: rewrite its first instruction to addi a0, a0, 0x100, fence.i, run again.
  li TESTNUM, 3
  la a1, patch_me
  li a2, 0x10050513           # addi a0, a0, 0x100
  sw a2, 0(a1)
  fence.i
  li a0, 0
  call patch_me
  CHECK(a0, 0x100)
  # Case 4: ... and again, many times, alternating (the decoded copy must follow every time).
  li TESTNUM, 4
  li s0, 20
  li s1, 0
  li a2, 0x00150513           # addi a0, a0, 1
  li a3, 0x00250513           # addi a0, a0, 2
1:
  andi t0, s0, 1
  mv t1, a2
  beqz t0, 2f
  mv t1, a3
2:
  sw t1, 0(a1)
  fence.i
  li a0, 0
  call patch_me
  add s1, s1, a0
  addi s0, s0, -1
  bnez s0, 1b
  CHECK(s1, 30)
  # Case 5: patch an instruction ahead of the pc in the running page.
  li TESTNUM, 5
  li a0, 0
  la a1, 3f
  li a2, 0x00750513           # addi a0, a0, 7
  sw a2, 0(a1)
  fence.i
3:
  addi a0, a0, 1
  CHECK(a0, 7)
  # Case 6: a compressed instruction patched with sh.
  li TESTNUM, 6
  la a1, patch_c
  li a2, 0x0515               # c.addi a0, 5
  sh a2, 0(a1)
  fence.i
  li a0, 0
  call patch_c
  CHECK(a0, 5)
  # Case 7: code copied into a data page and run from there.
  li TESTNUM, 7
  la a1, code_buffer
  li a2, 0x02a00513           # li a0, 42
  sw a2, 0(a1)
  li a2, 0x00008067           # ret
  sw a2, 4(a1)
  fence.i
  li a0, 0
  jalr ra, 0(a1)
  CHECK(a0, 42)
  # Case 8: overwrite it with different code in the same place.
  li TESTNUM, 8
  li a2, 0x06300513           # li a0, 99
  sw a2, 0(a1)
  fence.i
  jalr ra, 0(a1)
  CHECK(a0, 99)
TEST_END

  .data
  .balign 4
patch_me:
  addi a0, a0, 1
  ret
patch_c:
  .option push
  .option rvc
  c.addi a0, 1
  .option pop
  ret
  .balign 4096
code_buffer:
  .skip 64
