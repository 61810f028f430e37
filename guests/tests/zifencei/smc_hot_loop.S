# Self-modifying code in hot loops (what a translator caches): a routine called many times and
# rewritten every few calls; an instruction patched ahead of the pc inside the loop that runs it.
#include "test.h"
.option norvc
TEST_BEGIN
  # Case 2: 300 calls; every 50 calls the routine's addi gets a new immediate (1, 2, ... 6):
  # the sum is 50 * (1 + 2 + ... + 6) = 1050.
  li TESTNUM, 2
  la a1, hot_routine
  li s0, 0                    # calls made
  li s1, 0                    # sum
  li s2, 0                    # current immediate
1:
  li t0, 50
  remu t0, s0, t0
  bnez t0, 2f
  addi s2, s2, 1
  slli t1, s2, 20             # the immediate field of addi a0, a0, imm
  li t2, 0x00050513           # addi a0, a0, 0
  or t1, t1, t2
  sw t1, 0(a1)
  fence.i
2:
  li a0, 0
  call hot_routine
  add s1, s1, a0
  addi s0, s0, 1
  li t0, 300
  bltu s0, t0, 1b
  CHECK(s1, 1050)
  # Case 3: a loop that patches its own next instruction each time round: the k-th pass writes
  # addi a0, a0, k before running it, so the sum is 1 + 2 + ... + 100 = 5050.
  li TESTNUM, 3
  la a1, 4f
  li s0, 1
  li a0, 0
3:
  slli t1, s0, 20
  li t2, 0x00050513
  or t1, t1, t2
  sw t1, 0(a1)
  fence.i
4:
  addi a0, a0, 0
  addi s0, s0, 1
  li t0, 101
  bltu s0, t0, 3b
  CHECK(a0, 5050)
TEST_END

  .data
  .balign 64
hot_routine:
  addi a0, a0, 0
  ret
