# cycle/mcycle move forward; mcycle takes writes; time reads the CLINT's mtime (both 10 MHz
# and the same clock), and follows a write to mtime.
#include "test.h"
.option norvc
TEST_BEGIN
  # Case 2: cycle increases.
  li TESTNUM, 2
  csrr a0, cycle
  nop
  csrr a1, cycle
  bgeu a0, a1, test_fail
  # Case 3: mcycle is cycle.
  li TESTNUM, 3
  csrr a0, cycle
  csrr a1, mcycle
  csrr a2, cycle
  bltu a1, a0, test_fail
  bltu a2, a1, test_fail
  # Case 4: a value written to mcycle is where it continues from.
  li TESTNUM, 4
  li a1, 0x100000000
  csrw mcycle, a1
  csrr a0, mcycle
  bltu a0, a1, test_fail
  li a2, 0x100000100
  bgeu a0, a2, test_fail
  # Case 5: time is between two reads of mtime.
  li TESTNUM, 5
  li s0, CLINT_MTIME
  ld a0, 0(s0)
  csrr a1, time
  ld a2, 0(s0)
  bltu a1, a0, test_fail
  bltu a2, a1, test_fail
  # Case 6: time advances (a busy loop of 200000 instructions takes well over 100 ns).
  li TESTNUM, 6
  csrr a0, time
  li a3, 100000
1:
  addi a3, a3, -1
  bnez a3, 1b
  csrr a1, time
  bgeu a0, a1, test_fail
  # Case 7: writing mtime moves time.
  li TESTNUM, 7
  li a1, 0x4000000000
  sd a1, 0(s0)
  csrr a0, time
  bltu a0, a1, test_fail
  li a2, 0x4000000000 + 10000000
  bgeu a0, a2, test_fail
TEST_END
