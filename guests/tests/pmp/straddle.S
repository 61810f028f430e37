# Every byte of an access must be in the matching entry (privileged spec 3.7.1.3): an access that
# is partly in the highest-priority entry it touches fails, even when that entry and the one
# covering the rest would both allow it, and even in M-mode ("irrespective of the L bit").
#include "test.h"
#include "pmp.h"
.option norvc
TEST_BEGIN
  PMP_CATCH_ALL_LAST
  la s0, region
  # Entry 0: NA4 at region + 8, RW. Entry 1: TOR [region + 0x40, region + 0x84), RW.
  addi t0, s0, 8
  srli t0, t0, 2
  csrw pmpaddr0, t0
  addi t0, s0, 0x40
  srli t0, t0, 2
  csrw pmpaddr1, t0
  addi t0, s0, 0x84
  srli t0, t0, 2
  csrw pmpaddr2, t0
  li t0, (PMP_NA4 | PMP_R | PMP_W) | ((PMP_TOR | PMP_R | PMP_W) << 16)
  csrw pmpcfg0, t0

  # The NA4 word itself and its neighbours on their own: fine.
  U_OK(2, lw a0, 8(s0); lw a0, 4(s0); lw a0, 12(s0); sw a0, 8(s0))
  # An aligned doubleword containing the NA4 word: half in, half out.
  U_FAULT_AT(3, CAUSE_LOAD_ACCESS, region + 8, ld a0, 8(s0))
  U_FAULT_AT(4, CAUSE_STORE_ACCESS, region + 8, sd a0, 8(s0))
  # Misaligned (emulated) accesses across the NA4 edges.
  U_FAULT_AT(5, CAUSE_LOAD_ACCESS, region + 6, lw a0, 6(s0))
  U_FAULT_AT(6, CAUSE_LOAD_ACCESS, region + 11, lh a0, 11(s0))
  U_FAULT_AT(7, CAUSE_STORE_ACCESS, region + 10, sw a0, 10(s0))
  # The TOR top at 0x84 is not doubleword aligned: the doubleword at 0x80 straddles it.
  U_OK(8, lw a0, 0x80(s0); ld a0, 0x78(s0); lw a0, 0x84(s0))
  U_FAULT_AT(9, CAUSE_LOAD_ACCESS, region + 0x80, ld a0, 0x80(s0))
  addi a5, s0, 0x80
  U_FAULT_AT(10, CAUSE_STORE_ACCESS, region + 0x80, amoswap.d a0, zero, (a5))
  # Case 11: the failed store wrote nothing.
  li TESTNUM, 11
  lw a0, 8(s0)
  CHECK(a0, 0)
  lw a0, 12(s0)
  CHECK(a0, 0)
  # Case 12: a partial match fails whatever the L bit says, so even for M.
  TEST_TRAP_CAUSE(12, CAUSE_LOAD_ACCESS, ld a0, 8(s0))
  CHECK_LABEL(s10, region + 8)
TEST_END

  .data
  .balign 256
region:
  .skip 256
