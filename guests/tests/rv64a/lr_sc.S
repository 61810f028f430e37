# LR.W/LR.D and SC.W/SC.D: LR loads (sign-extended for .W) and reserves; a paired SC stores and
# writes 0; an SC with no reservation, a second SC, or an SC to another doubleword writes
# nonzero and leaves memory alone; an LR/SC loop implements an atomic increment.
#include "test.h"
.option norvc
TEST_BEGIN
  # Case 2: lr.w sign-extends.
  TEST_CASE(2, a4, 0xffffffff87654321, la a0, lr_data; li t0, 0x87654321; sw t0, 0(a0); lr.w a4, (a0))
  # Case 3: a paired sc.w succeeds (rd = 0) and stores.
  li TESTNUM, 3
  la a0, lr_data
  li t0, 0x5a5a5a5a5a5a5a5a
  sd t0, 0(a0)
  lr.w a4, (a0)
  li a2, 0x11223344
  sc.w a5, a2, (a0)
  CHECK(a5, 0)
  ld a4, 0(a0)
  CHECK(a4, 0x5a5a5a5a11223344)
  # Case 4: the reservation is used up: a second sc.w fails and does not store.
  li TESTNUM, 4
  li a2, 0x55667788
  sc.w a5, a2, (a0)
  beqz a5, test_fail
  lw a4, 0(a0)
  CHECK(a4, 0x11223344)
  # Case 5: lr.d / sc.d.
  li TESTNUM, 5
  li t0, 0x8000000000000001
  sd t0, 0(a0)
  lr.d a4, (a0)
  CHECK(a4, 0x8000000000000001)
  li a2, 0x0123456789abcdef
  sc.d a5, a2, (a0)
  CHECK(a5, 0)
  ld a4, 0(a0)
  CHECK(a4, 0x0123456789abcdef)
  # Case 6: sc.d without any lr fails.
  li TESTNUM, 6
  li a2, 42
  sc.d a5, a2, (a0)
  beqz a5, test_fail
  ld a4, 0(a0)
  CHECK(a4, 0x0123456789abcdef)
  # Case 7: sc.d to another doubleword than the lr's fails, and leaves both alone.
  li TESTNUM, 7
  sd zero, 64(a0)
  lr.d a4, (a0)
  addi a1, a0, 64
  sc.d a5, a2, (a1)
  beqz a5, test_fail
  ld a4, 64(a0)
  CHECK(a4, 0)
  # Case 8: an LR to a new address replaces the reservation: sc to the first fails.
  li TESTNUM, 8
  lr.d a4, (a0)
  lr.d a4, (a1)
  sc.d a5, a2, (a0)
  beqz a5, test_fail
  # Case 9: sc.w with rd = x0 still stores.
  li TESTNUM, 9
  lr.w a4, (a0)
  li a2, 0x7777
  sc.w x0, a2, (a0)
  lw a4, 0(a0)
  CHECK(a4, 0x7777)
  # Case 10: the aq/rl forms behave the same.
  li TESTNUM, 10
  lr.d.aqrl a4, (a0)
  li a2, 99
  sc.d.rl a5, a2, (a0)
  CHECK(a5, 0)
  ld a4, 0(a0)
  CHECK(a4, 99)
  # Case 11: an LR/SC loop that adds 1, run 100 times.
  li TESTNUM, 11
  sd zero, 0(a0)
  li a3, 100
1:
  lr.d a4, (a0)
  addi a4, a4, 1
  sc.d a5, a4, (a0)
  bnez a5, 1b
  addi a3, a3, -1
  bnez a3, 1b
  ld a4, 0(a0)
  CHECK(a4, 100)
  # Case 12: lr.w at the upper word of a doubleword, sc.w to it.
  li TESTNUM, 12
  li t0, -1
  sd t0, 0(a0)
  addi a1, a0, 4
  lr.w a4, (a1)
  CHECK(a4, -1)
  sc.w a5, zero, (a1)
  CHECK(a5, 0)
  ld a4, 0(a0)
  CHECK(a4, 0x00000000ffffffff)
TEST_END

.data
.balign 64
lr_data: .dword 0
  .skip 120
