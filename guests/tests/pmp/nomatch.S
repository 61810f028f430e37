# With PMP entries implemented, an S or U access that matches no entry fails, while M succeeds
# (privileged spec 3.7.1.3). Entry 0 covers only the test image.
#include "test.h"
#include "pmp.h"
.option norvc
TEST_BEGIN
  # Entry 0: NAPOT 1 MiB at 0x80000000 (the image, its data and tohost), RWX; nothing else.
  li t0, (0x80000000 >> 2) | ((0x100000 >> 3) - 1)
  csrw pmpaddr0, t0
  li t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
  csrw pmpcfg0, t0
  csrw pmpcfg2, zero
  li s0, 0x80100000            # RAM just above the entry
  li s1, CLINT_MTIME
  U_OK(2, la a0, nomatch_data; ld a0, 0(a0)); CHECK(a0, 0x4242)
  U_FAULT(3, CAUSE_LOAD_ACCESS, 0x80100000, ld a0, 0(s0))
  S_FAULT(4, CAUSE_STORE_ACCESS, 0x80100000, sd a0, 0(s0))
  S_FAULT(5, CAUSE_FETCH_ACCESS, 0x80100000, jalr s0)
  U_FAULT(6, CAUSE_LOAD_ACCESS, CLINT_MTIME, ld a0, 0(s1))
  # A misaligned load across the end of the entry (and a page boundary) is done in two parts;
  # mtval is the address of the part that failed.
  S_FAULT(7, CAUSE_LOAD_ACCESS, 0x80100000, ld a0, -4(s0))
  # M: no match, access granted.
  TEST_CASE(8, a0, 0x99, li a1, 0x99; sd a1, 0(s0); ld a0, 0(s0))
  li TESTNUM, 9
  ld a0, 0(s1)
  # Entries switched off entirely: S and U have nothing at all (the fetch of the next
  # instruction faults).
  li TESTNUM, 10
  csrw pmpcfg0, zero
  la tp, 1f
  li t0, MSTATUS_MPP
  csrc mstatus, t0
  la t0, 2f
  csrw mepc, t0
  mret
2:
  j test_fail
1:
  CHECK(s9, CAUSE_FETCH_ACCESS)
  CHECK_LABEL(s10, 2b)
TEST_END

  .data
nomatch_data: .dword 0x4242
