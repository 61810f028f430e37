# The built-in SBI's PMU extension and the counters under it (Zihpm, Sscofpmf), from an S-mode
# kernel, the way Linux's perf driver uses them: find a counter for an event, start it with an
# initial value, read it with csrr hpmcounterN, stop it; and the overflow interrupt (LCOFI, scause
# 13) with scountovf naming the counter. Counts are exact: microvm counts retired instructions,
# for the cycles event too (its mcycle is its instret). SBI spec v2.0 chapter 11 for the calls.
#define TEST_SUPERVISOR
#include "test.h"

#define SBI_CALL(ext, fid) li a7, ext; li a6, fid; ecall
#define BASE 0x10
#define PMU 0x504D55
#define NUM_COUNTERS 0
#define GET_INFO 1
#define CONFIG_MATCHING 2
#define START 3
#define STOP 4
#define FW_READ 5
#define SKIP_MATCH 1
#define CLEAR_VALUE 2
#define AUTO_START 4
#define SET_UINH (1 << 5)
#define SET_SINH (1 << 6)
#define SET_INIT_VALUE 1
#define RESET 1
#define HW_CPU_CYCLES 1
#define HW_INSTRUCTIONS 2
#define HW_CACHE_L1D_READ_ACCESS 0x10000
#define SIE_LCOFIE (1 << 13)
#define SSTATUS_SIE 2

# a0 = the delta of `counter` over `code`.
#define DELTA(counter, code...) csrr t1, counter; code; csrr t2, counter; sub a0, t2, t1
#define NOPS10 nop; nop; nop; nop; nop; nop; nop; nop; nop; nop

TEST_BEGIN
  la t0, strap
  csrw stvec, t0
  li s2, 0
  TEST_CASE(2, a1, 1, li a0, PMU; SBI_CALL(BASE, 3))
  TEST_CASE(3, a1, 32, SBI_CALL(PMU, NUM_COUNTERS))
  # counter_get_info: hardware counters, CSR 0xc00 + index, 64 bits wide; index 1 is time.
  TEST_CASE(4, a1, 0x3fc00, li a0, 0; SBI_CALL(PMU, GET_INFO))
  TEST_CASE(5, a1, 0x3fc1f, li a0, 31; SBI_CALL(PMU, GET_INFO))
  TEST_CASE(6, a0, -3, li a0, 1; SBI_CALL(PMU, GET_INFO))
  TEST_CASE(7, a0, -3, li a0, 32; SBI_CALL(PMU, GET_INFO))

  # Instructions: the first free programmable counter of the mask (3), counting from the value
  # counter_start gave it; ten nops and one csrr between two reads.
  TEST_CASE(10, a1, 3, li a0, 0; li a1, 0xfffffffd; li a2, CLEAR_VALUE; li a3, HW_INSTRUCTIONS; li a4, 0; SBI_CALL(PMU, CONFIG_MATCHING))
  # The instruction after counter_start reads the initial value.
  TEST_CASE(11, a0, 0, li a0, 3; li a1, 1; li a2, SET_INIT_VALUE; li a3, 1000; SBI_CALL(PMU, START); csrr s4, hpmcounter3)
  TEST_CASE(12, s4, 1000, nop)
  TEST_CASE(13, a0, 11, DELTA(hpmcounter3, NOPS10))
  # The same count as instret over a loop.
  TEST_CASE(14, a0, 0, csrr t3, instret; csrr t4, hpmcounter3; li t0, 500; 1: addi t0, t0, -1; bnez t0, 1b; csrr t6, instret; csrr t5, hpmcounter3; sub t4, t5, t4; sub t3, t6, t3; sub a0, t3, t4)
  TEST_CASE(15, a0, 1002, csrr t3, instret; li t0, 500; 1: addi t0, t0, -1; bnez t0, 1b; csrr t6, instret; sub a0, t6, t3)
  # Cycles: the next free counter (4), started at once (AUTO_START) from zero (CLEAR_VALUE).
  TEST_CASE(16, a1, 4, li a0, 0; li a1, 0xfffffffd; li a2, CLEAR_VALUE | AUTO_START; li a3, HW_CPU_CYCLES; li a4, 0; SBI_CALL(PMU, CONFIG_MATCHING))
  TEST_CASE(17, a0, 11, DELTA(hpmcounter4, NOPS10))
  # Stopped, a counter keeps its value; stopping twice is SBI_ERR_ALREADY_STOPPED.
  TEST_CASE(18, a0, 0, li a0, 3; li a1, 3; li a2, 0; SBI_CALL(PMU, STOP))
  TEST_CASE(19, a0, 0, DELTA(hpmcounter3, NOPS10))
  TEST_CASE(20, a0, 0, DELTA(hpmcounter4, NOPS10))
  TEST_CASE(21, a0, -8, li a0, 3; li a1, 1; li a2, 0; SBI_CALL(PMU, STOP))
  # Started again (without a new value) it goes on from where it stopped.
  TEST_CASE(22, a0, 0, li a0, 3; li a1, 1; li a2, 0; SBI_CALL(PMU, START))
  TEST_CASE(23, a0, -7, li a0, 3; li a1, 1; li a2, 0; SBI_CALL(PMU, START))
  TEST_CASE(24, a0, 11, DELTA(hpmcounter3, NOPS10))
  # Released (RESET), a counter is free for the next match; starting it now is invalid.
  TEST_CASE(25, a0, 0, li a0, 3; li a1, 1; li a2, RESET; SBI_CALL(PMU, STOP))
  TEST_CASE(26, a0, -3, li a0, 3; li a1, 1; li a2, 0; SBI_CALL(PMU, START))
  TEST_CASE(27, a1, 3, li a0, 3; li a1, 1; li a2, SKIP_MATCH; li a3, HW_INSTRUCTIONS; li a4, 0; SBI_CALL(PMU, CONFIG_MATCHING))
  # Events microvm cannot count, and firmware counters that do not exist.
  TEST_CASE(28, a0, -2, li a0, 0; li a1, 0xfffffffd; li a2, 0; li a3, HW_CACHE_L1D_READ_ACCESS; li a4, 0; SBI_CALL(PMU, CONFIG_MATCHING))
  TEST_CASE(29, a0, -2, li a0, 0; li a1, 0xfffffffd; li a2, 0; li a3, 5; li a4, 0; SBI_CALL(PMU, CONFIG_MATCHING))
  TEST_CASE(30, a0, -3, li a0, 3; SBI_CALL(PMU, FW_READ))
  # A mask with a running and a stopped counter (as OpenSBI): the stopped one starts, the answer
  # is ALREADY_STARTED; stopping both stops both; again, ALREADY_STOPPED.
  TEST_CASE(31, a0, 0, li a0, 3; li a1, 1; li a2, 0; SBI_CALL(PMU, START))
  TEST_CASE(32, a0, -7, li a0, 3; li a1, 3; li a2, 0; SBI_CALL(PMU, START))
  TEST_CASE(33, a0, 11, DELTA(hpmcounter4, NOPS10))
  TEST_CASE(34, a0, 0, li a0, 3; li a1, 3; li a2, 0; SBI_CALL(PMU, STOP))
  TEST_CASE(35, a0, 0, DELTA(hpmcounter4, NOPS10))
  TEST_CASE(36, a0, -8, li a0, 3; li a1, 3; li a2, 0; SBI_CALL(PMU, STOP))

  # Overflow: counter 5 counting instructions from 2^64 - 300 wraps within the loop; LCOFI is
  # taken (scause 13, an interrupt) and scountovf has bit 5. Restarting clears OF.
  li TESTNUM, 40
  li a0, 5; li a1, 1; li a2, SKIP_MATCH; li a3, HW_INSTRUCTIONS; li a4, 0; SBI_CALL(PMU, CONFIG_MATCHING)
  CHECK(a0, 0)
  li a0, 5; li a1, 1; li a2, SET_INIT_VALUE; li a3, -300; SBI_CALL(PMU, START)
  CHECK(a0, 0)
  li t0, SIE_LCOFIE
  csrs sie, t0
  csrsi sstatus, SSTATUS_SIE
  li t0, 20000
1:addi t0, t0, -1
  bnez t0, 1b
  csrci sstatus, SSTATUS_SIE
  CHECK(s2, 0x800000000000000d)
  li t0, 1 << 5
  and a0, s3, t0
  CHECK(a0, 1 << 5)
  # The counter went on from 0 (it wrapped): it is now a small number, not near 2^64.
  li TESTNUM, 41
  csrr a0, hpmcounter5
  li t0, 40300
  bgeu a0, t0, test_fail
  li TESTNUM, 42
  li a0, 5; li a1, 1; li a2, 0; SBI_CALL(PMU, STOP)
  li a0, 5; li a1, 1; li a2, 0; SBI_CALL(PMU, START)
  csrr a0, scountovf
  CHECK(a0, 0)

  # Mode filters (counter_config_matching's SET_UINH/SET_SINH, Sscofpmf's mhpmevent inhibit
  # bits): counter 6 counts only S-mode, counter 7 only U-mode, across a trip to U-mode and back.
  # Between the reads of s4 and s6, S-mode retires 8 instructions (csrr s4, csrr s5, la (2), csrw,
  # li, csrc, sret: an xRET counts in the mode it leaves); U-mode retires li and 100 x (addi, bnez)
  # = 201 (its ecall traps, so it does not retire). The fixed counters cannot filter.
  li TESTNUM, 50
  li a0, 6; li a1, 1; li a2, CLEAR_VALUE | AUTO_START | SET_UINH; li a3, HW_INSTRUCTIONS; li a4, 0
  SBI_CALL(PMU, CONFIG_MATCHING)
  CHECK(a1, 6)
  li a0, 6; li a1, 2; li a2, CLEAR_VALUE | AUTO_START | SET_SINH; li a3, HW_INSTRUCTIONS; li a4, 0
  SBI_CALL(PMU, CONFIG_MATCHING)
  CHECK(a1, 7)
  la t0, from_user
  csrw stvec, t0
  csrr s4, hpmcounter6
  csrr s5, hpmcounter7
  la t0, in_user
  csrw sepc, t0
  li t0, MSTATUS_SPP
  csrc sstatus, t0
  sret
in_user:
  li t0, 100
1:addi t0, t0, -1
  bnez t0, 1b
  ecall
  .balign 4
from_user:
  csrr s6, hpmcounter6
  csrr s7, hpmcounter7
  la t0, strap
  csrw stvec, t0
  csrr a0, scause
  CHECK(a0, CAUSE_USER_ECALL)
  li TESTNUM, 51
  sub a0, s6, s4
  CHECK(a0, 8)
  li TESTNUM, 52
  CHECK(s5, 0)
  sub a0, s7, s5
  CHECK(a0, 201)
  TEST_CASE(53, a0, -2, li a0, 0; li a1, 5; li a2, SET_UINH; li a3, HW_INSTRUCTIONS; li a4, 0; SBI_CALL(PMU, CONFIG_MATCHING))
TEST_END

# Traps: LCOFI records scause and scountovf, clears its pending bit and disables it.
  .text
  .balign 4
strap:
  csrr s2, scause
  csrr s3, scountovf
  li t1, SIE_LCOFIE
  csrc sip, t1
  csrc sie, t1
  sret
