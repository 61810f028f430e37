# FENCE in its encodings (all predecessor/successor sets, fence.tso, pause) orders this hart's
# memory accesses and changes nothing else: no registers, no trap.
#include "test.h"
.option norvc
TEST_BEGIN
  TEST_CASE(2, a4, 0x1234, la a1, fence_data; li a2, 0x1234; sd a2, 0(a1); fence; ld a4, 0(a1))
  TEST_CASE(3, a4, 0x5678, la a1, fence_data; li a2, 0x5678; sd a2, 0(a1); fence w, r; ld a4, 0(a1))
  TEST_CASE(4, a4, 0x9abc, la a1, fence_data; li a2, 0x9abc; sd a2, 0(a1); fence rw, rw; ld a4, 0(a1))
  TEST_CASE(5, a4, 0xdef0, la a1, fence_data; li a2, 0xdef0; sd a2, 0(a1); fence iorw, iorw; ld a4, 0(a1))
  TEST_CASE(6, a4, 7, li a4, 7; fence r, r)
  # fence.tso and pause (a fence with pred = W, succ = 0, a Zihintpause hint).
  TEST_CASE(7, a4, 8, li a4, 8; .word 0x8330000f)
  TEST_CASE(8, a4, 9, li a4, 9; .word 0x0100000f)
  # The fm/rs1/rd fields are reserved for future use and ignored: still a fence, rd not written.
  TEST_CASE(9, a5, 10, li a5, 10; .word 0x0ff7878f)
TEST_END

.data
.balign 8
fence_data: .dword 0
