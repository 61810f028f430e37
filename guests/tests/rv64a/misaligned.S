# Atomics at misaligned addresses trap (they are never emulated, unlike plain loads and stores):
# AMOs and SC raise store/AMO address-misaligned (6), LR load address-misaligned (4), with
# mtval = the address and memory untouched.
#include "test.h"
.option norvc
TEST_BEGIN
  la s0, amo_data
  li t0, 0x1111111111111111
  sd t0, 0(s0)
  sd t0, 8(s0)
  li a2, 0xff
  addi a0, s0, 2
  TEST_TRAP_CAUSE(2, CAUSE_MISALIGNED_STORE, amoadd.w a4, a2, (a0))
  CHECK_LABEL(s10, amo_data + 2)
  addi a0, s0, 1
  TEST_TRAP_CAUSE(3, CAUSE_MISALIGNED_STORE, amoswap.w a4, a2, (a0))
  CHECK_LABEL(s10, amo_data + 1)
  addi a0, s0, 4
  TEST_TRAP_CAUSE(4, CAUSE_MISALIGNED_STORE, amoadd.d a4, a2, (a0))
  CHECK_LABEL(s10, amo_data + 4)
  addi a0, s0, 6
  TEST_TRAP_CAUSE(5, CAUSE_MISALIGNED_STORE, amoor.d a4, a2, (a0))
  TEST_TRAP_CAUSE(6, CAUSE_MISALIGNED_STORE, amoxor.w a4, a2, (a0))
  addi a0, s0, 3
  TEST_TRAP_CAUSE(7, CAUSE_MISALIGNED_STORE, amoand.w a4, a2, (a0))
  TEST_TRAP_CAUSE(8, CAUSE_MISALIGNED_STORE, amomin.d a4, a2, (a0))
  TEST_TRAP_CAUSE(9, CAUSE_MISALIGNED_STORE, amomax.w a4, a2, (a0))
  TEST_TRAP_CAUSE(10, CAUSE_MISALIGNED_STORE, amominu.d a4, a2, (a0))
  TEST_TRAP_CAUSE(11, CAUSE_MISALIGNED_STORE, amomaxu.w a4, a2, (a0))
  addi a0, s0, 2
  TEST_TRAP_CAUSE(12, CAUSE_MISALIGNED_LOAD, lr.w a4, (a0))
  CHECK_LABEL(s10, amo_data + 2)
  addi a0, s0, 4
  TEST_TRAP_CAUSE(13, CAUSE_MISALIGNED_LOAD, lr.d a4, (a0))
  addi a0, s0, 2
  TEST_TRAP_CAUSE(14, CAUSE_MISALIGNED_STORE, sc.w a4, a2, (a0))
  addi a0, s0, 4
  TEST_TRAP_CAUSE(15, CAUSE_MISALIGNED_STORE, sc.d a4, a2, (a0))
  CHECK_LABEL(s10, amo_data + 4)
  # Case 16: nothing was written by any of them.
  li TESTNUM, 16
  ld a4, 0(s0)
  CHECK(a4, 0x1111111111111111)
  ld a4, 8(s0)
  CHECK(a4, 0x1111111111111111)
  # Case 17: rd is not written by a trapping AMO.
  TEST_CASE(17, a4, 0x42, li a4, 0x42; addi a0, s0, 2; EXPECT_TRAP(amoswap.w a4, a2, (a0)))
TEST_END

.data
.balign 16
amo_data: .dword 0, 0
