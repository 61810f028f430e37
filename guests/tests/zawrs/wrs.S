# Zawrs (unprivileged spec, "Zawrs"): WRS.NTO and WRS.STO stall "until the reservation set is
# invalidated, an interrupt is pending, or for any reason". microvm ends the stall at once, as QEMU
# (8.0 and later; 7.2 has no Zawrs) does, dropping the reservation: an SC after it fails. Ending at
# once also means they never hit the TW time limit, so they do not trap in S or U with TW set.
#include "test.h"

TEST_BEGIN
  la a1, word
  # Case 2: lr; wrs.nto; sc fails and memory keeps its value.
  li TESTNUM, 2
  lr.d a0, (a1)
  wrs.nto
  li a2, 99
  sc.d a3, a2, (a1)
  CHECK(a3, 1)
  ld a0, 0(a1)
  CHECK(a0, 42)
  # Case 3: the same with wrs.sto.
  li TESTNUM, 3
  lr.d a0, (a1)
  wrs.sto
  sc.d a3, a2, (a1)
  CHECK(a3, 1)
  # Case 4: without them the SC succeeds (the reservation was real).
  li TESTNUM, 4
  lr.d a0, (a1)
  li a2, 7
  sc.d a3, a2, (a1)
  CHECK(a3, 0)
  ld a0, 0(a1)
  CHECK(a0, 7)
  # Case 5: in U-mode with mstatus.TW set, both complete (WFI would trap there).
  li TESTNUM, 5
  li t0, MSTATUS_TW
  csrs mstatus, t0
  GO_UMODE
  wrs.nto
  wrs.sto
  GO_MMODE
  CHECK(s9, CAUSE_USER_ECALL)
TEST_END

    .data
    .balign 8
word:
    .dword 42
