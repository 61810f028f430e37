# The PMP lock bit (privileged spec 3.7.1): a locked entry binds M-mode too, and its pmpcfg and
# pmpaddr ignore writes until reset; a locked TOR entry also freezes the pmpaddr below it.
# Locks last until reset, so this test locks only entries over its own data pages.
#include "test.h"
#include "pmp.h"
.option norvc
TEST_BEGIN
  PMP_CATCH_ALL_LAST
  la s0, page_a
  la s1, page_b
  # Entry 0: NAPOT over page_a, locked, read-only.
  NAPOT_ADDR(t0, page_a, 4096)
  csrw pmpaddr0, t0
  # Entries 1-2: TOR [page_b, page_b + 4096) in entry 2, locked, no permissions; entry 1 off.
  srli t0, s1, 2
  csrw pmpaddr1, t0
  li t1, 4096
  add t0, s1, t1
  srli t0, t0, 2
  csrw pmpaddr2, t0
  li t0, (PMP_L | PMP_NAPOT | PMP_R) | ((PMP_L | PMP_TOR) << 16)
  csrw pmpcfg0, t0

  # M is bound by locked entries.
  TEST_CASE(2, a0, 0x1111, ld a0, 0(s0))
  TEST_TRAP_CAUSE(3, CAUSE_STORE_ACCESS, sd zero, 0(s0))
  CHECK_LABEL(s10, page_a)
  li TESTNUM, 4
  EXPECT_TRAP(ld a0, 0(s1))
  CHECK(s9, CAUSE_LOAD_ACCESS)
  CHECK_LABEL(s10, page_b)
  li TESTNUM, 5
  EXPECT_TRAP(jalr s0)
  CHECK(s9, CAUSE_FETCH_ACCESS)
  # And so are S and U.
  U_FAULT_AT(6, CAUSE_STORE_ACCESS, page_a + 8, sd zero, 8(s0))
  U_OK(7, ld a0, 8(s0)); CHECK(a0, 0x2222)
  # Case 8: the locked configuration and addresses ignore writes.
  li TESTNUM, 8
  csrr s2, pmpcfg0
  csrr s3, pmpaddr0
  csrr s4, pmpaddr2
  li t0, -1
  csrw pmpaddr0, t0
  csrw pmpaddr2, t0
  li t0, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) | ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 16)
  csrs pmpcfg0, t0
  csrc pmpcfg0, t0
  csrr a0, pmpcfg0
  bne a0, s2, test_fail
  csrr a0, pmpaddr0
  bne a0, s3, test_fail
  csrr a0, pmpaddr2
  bne a0, s4, test_fail
  # Case 9: entry 1 is unlocked, but its address is the bottom of the locked TOR entry 2: frozen.
  li TESTNUM, 9
  csrr s5, pmpaddr1
  li t0, 0x1000
  csrw pmpaddr1, t0
  csrr a0, pmpaddr1
  bne a0, s5, test_fail
  # Case 10: entry 1's configuration is not locked: it can be written.
  li TESTNUM, 10
  li t0, (PMP_NA4 | PMP_R) << 8
  csrs pmpcfg0, t0
  csrr a0, pmpcfg0
  srli a0, a0, 8
  andi a0, a0, 0xff
  CHECK(a0, PMP_NA4 | PMP_R)
  # Case 11: still read-only for M after all those writes.
  TEST_TRAP_CAUSE(11, CAUSE_STORE_ACCESS, sd zero, 0(s0))
  # Case 12: an AMO needs W as well: refused on the locked read-only page, even in M.
  TEST_TRAP_CAUSE(12, CAUSE_STORE_ACCESS, amoadd.d a0, zero, (s0))
TEST_END

  .data
  .balign 4096
page_a:
  .dword 0x1111, 0x2222
  .balign 4096
page_b:
  .skip 4096
