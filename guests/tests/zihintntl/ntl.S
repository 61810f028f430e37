# Zihintntl (unprivileged spec, "Zihintntl"): the non-temporal locality hints are ADD x0, x0, x2..x5
# and C.ADD x0, x2..x5. They change nothing architectural: registers, memory and the following
# instructions behave as without them (binutils 2.40 has no ntl.* names: written as the ADDs).
#include "test.h"

TEST_BEGIN
  la a1, word
  li a2, 0x1234
  TEST_CASE(2, a0, 0x1234, add x0, x0, x2; sd a2, 0(a1); add x0, x0, x3; ld a0, 0(a1))       # ntl.p1, ntl.pall
  TEST_CASE(3, a0, 0x5678, li a2, 0x5678; add x0, x0, x4; sd a2, 0(a1); add x0, x0, x5; ld a0, 0(a1))  # ntl.s1, ntl.all
  TEST_CASE(4, a0, 0x9abc, li a2, 0x9abc; c.add x0, x2; sd a2, 0(a1); c.add x0, x3; ld a0, 0(a1))  # c.ntl.p1, c.ntl.pall
  TEST_CASE(5, a0, 0xdef0, li a2, 0xdef0; c.add x0, x4; sd a2, 0(a1); c.add x0, x5; ld a0, 0(a1))  # c.ntl.s1, c.ntl.all
  # The registers they name are untouched, and x0 stays 0.
  TEST_CASE(6, a0, 0, mv t1, sp; mv t2, gp; add x0, x0, x2; c.add x0, x3; bne sp, t1, test_fail; bne gp, t2, test_fail; mv a0, x0)
TEST_END

    .data
    .balign 8
word:
    .dword 0
