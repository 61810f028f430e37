# PMP address matching (privileged spec 3.7.1): NAPOT, TOR (with entry 0's bottom at 0), NA4,
# OFF; R/W/X checked for S and U loads, stores, atomics and fetches; the lowest-numbered matching
# entry decides; unlocked entries do not bind M-mode, also not M with MPRV (which checks as MPP);
# a changed entry takes effect at once.
#include "test.h"
#include "pmp.h"
.option norvc
TEST_BEGIN
  PMP_CATCH_ALL_LAST
  la s0, page_r                # NAPOT 4 KiB, read-only
  la s1, page_tor              # TOR [page_tor, page_tor + 0x800): read-write
  la s2, page_na4              # NA4 at page_na4 + 0x10: nothing
  la s3, page_x                # NAPOT 4 KiB: execute-only
  NAPOT_ADDR(t0, page_r, 4096)
  csrw pmpaddr0, t0
  srli t0, s1, 2
  csrw pmpaddr1, t0
  addi t0, s1, 0x7ff
  addi t0, t0, 1
  srli t0, t0, 2
  csrw pmpaddr2, t0
  addi t0, s2, 0x10
  srli t0, t0, 2
  csrw pmpaddr3, t0
  NAPOT_ADDR(t0, page_x, 4096)
  csrw pmpaddr4, t0
  li t0, (PMP_NAPOT | PMP_R) | ((PMP_OFF) << 8) | ((PMP_TOR | PMP_R | PMP_W) << 16) | ((PMP_NA4) << 24) | ((PMP_NAPOT | PMP_X) << 32)
  csrw pmpcfg0, t0

  # NAPOT read-only.
  U_OK(2, ld a0, 0(s0)); CHECK(a0, 0x1111)
  li a5, 4088
  add a5, s0, a5
  U_OK(3, ld a0, 0(a5))
  U_FAULT_AT(4, CAUSE_STORE_ACCESS, page_r, sd zero, 0(s0))
  S_FAULT_AT(5, CAUSE_STORE_ACCESS, page_r + 16, sw zero, 16(s0))
  U_FAULT_AT(6, CAUSE_FETCH_ACCESS, page_r, jalr s0)
  S_FAULT_AT(7, CAUSE_STORE_ACCESS, page_r, amoadd.w a0, zero, (s0))
  S_FAULT_AT(8, CAUSE_STORE_ACCESS, page_r, sc.w a0, zero, (s0))
  S_OK(9, lr.w a0, (s0))
  # TOR read-write, and just past its top the catch-all (RWX) decides (the fetch there works and
  # finds the illegal instruction 0).
  U_OK(10, li a1, 0x2222; sd a1, 0(s1); ld a0, 0(s1)); CHECK(a0, 0x2222)
  U_OK(11, sd zero, 0x7f8(s1))
  U_FAULT_AT(12, CAUSE_FETCH_ACCESS, page_tor, jalr s1)
  addi a5, s1, 0x7ff
  addi a5, a5, 1
  U_FAULT(13, CAUSE_ILLEGAL_INSTRUCTION, 0, sd zero, 0(a5); jalr a5)
  # NA4: exactly 4 bytes, no permissions.
  U_FAULT_AT(14, CAUSE_LOAD_ACCESS, page_na4 + 0x10, lw a0, 0x10(s2))
  U_FAULT_AT(15, CAUSE_LOAD_ACCESS, page_na4 + 0x13, lbu a0, 0x13(s2))
  U_OK(16, lw a0, 0xc(s2); lw a0, 0x14(s2))
  # Execute-only: fetch works, loads do not.
  U_OK(17, jalr s3); CHECK(a0, 0x5a)
  U_FAULT_AT(18, CAUSE_LOAD_ACCESS, page_x, ld a0, 0(s3))
  # M ignores unlocked entries.
  TEST_CASE(19, a0, 0x3333, li a1, 0x3333; sd a1, 8(s0); ld a0, 8(s0))
  TEST_CASE(20, a0, 0, lw a0, 0x10(s2))
  # M with MPRV and MPP = U is checked as U.
  li TESTNUM, 21
  li t0, MSTATUS_MPP
  csrc mstatus, t0
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  ld a0, 0(s0)
  EXPECT_TRAP(sd a0, 0(s0))
  CHECK(s9, CAUSE_STORE_ACCESS)
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  # The lowest-numbered match decides: entry 0 (R) beats the TOR entry when both cover a range.
  NAPOT_ADDR(t0, page_tor, 4096)
  csrw pmpaddr0, t0
  U_FAULT_AT(22, CAUSE_STORE_ACCESS, page_tor, sd zero, 0(s1))
  # OFF entries match nothing; switching entry 0 off lets the TOR entry decide again.
  csrr t1, pmpcfg0
  andi t1, t1, -256
  csrw pmpcfg0, t1
  U_OK(24, sd zero, 0(s1))
  # TOR in entry 0 starts at address 0: [0, 0x80000000) is read-only.
  li t0, PMP_TOR | PMP_R
  csrr t1, pmpcfg0
  andi t1, t1, -256
  or t1, t1, t0
  csrw pmpcfg0, t1
  li t0, 0x80000000 >> 2
  csrw pmpaddr0, t0
  li a5, CLINT_MTIME
  U_OK(25, ld a0, 0(a5))
  U_FAULT(26, CAUSE_STORE_ACCESS, CLINT_MTIME, sd zero, 0(a5))
TEST_END

  .data
  .balign 4096
page_r:
  .dword 0x1111
  .balign 4096
page_tor:
  .skip 4096
page_na4:
  .skip 4096
  .text
  .balign 4096
page_x:
  li a0, 0x5a
  ret
  .balign 4096
