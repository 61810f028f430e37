# The supervisor views of machine state (privileged spec 4.1): sstatus shows and writes only the
# S fields of mstatus; sie/sip show only what mideleg delegates, and S may write only SSIP;
# stvec, sepc, scause, stval, sscratch, satp from S.
#include "test.h"
.option norvc
#define S_FIELDS 0x80000002000c6122
TEST_BEGIN
  # Case 2: M-only fields set in mstatus are invisible in sstatus.
  li TESTNUM, 2
  li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_MPRV
  csrs mstatus, t0
  csrci mstatus, MSTATUS_MIE
  csrr a0, sstatus
  CHECK(a0, 0x0000000200000000)
  # Case 3: writing all ones to sstatus sets only the S fields.
  li TESTNUM, 3
  csrr s0, mstatus
  li t0, -1
  csrw sstatus, t0
  csrr a0, sstatus
  CHECK(a0, S_FIELDS)
  csrr a1, mstatus
  li t0, 0x80000000000c6122
  or t1, s0, t0
  bne a1, t1, test_fail
  # Case 4: and clearing sstatus leaves M's fields.
  li TESTNUM, 4
  csrw sstatus, zero
  csrr a1, mstatus
  li t0, ~0x80000000000c6122
  and s0, s0, t0
  bne a1, s0, test_fail
  li t0, MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_MPRV
  csrc mstatus, t0
  li t0, MSTATUS_MPP_M
  csrs mstatus, t0

  # sie/sip through mideleg.
  csrw mideleg, zero
  csrw mie, zero
  TEST_CASE(5, a0, 0, li t0, -1; csrw sie, t0; csrr a0, sie)
  TEST_CASE(6, a0, 0, csrr a0, mie)
  li t0, 0x222
  csrw mideleg, t0
  TEST_CASE(7, a0, 0x222, li t0, -1; csrw sie, t0; csrr a0, sie)
  TEST_CASE(8, a0, 0x222, csrr a0, mie)
  # Bits of mie that are not delegated stay out of sie.
  TEST_CASE(9, a0, 0x020, li t0, 0x888; csrs mie, t0; li t0, MIP_SSIP | MIP_SEIP; csrc sie, t0; csrr a0, sie)
  TEST_CASE(10, a0, 0x8a8, csrr a0, mie)
  csrw mie, zero
  # sip: M sets STIP; S sees it, and can set only SSIP.
  TEST_CASE(11, a0, MIP_STIP, li t0, MIP_STIP; csrs mip, t0; csrr a0, sip)
  li TESTNUM, 12
  GO_SMODE
  li t0, -1
  csrw sip, t0
  csrr a0, sip
  GO_MMODE
  CHECK(a0, MIP_STIP | MIP_SSIP)
  CHECK_CSR(mip, MIP_STIP | MIP_SSIP)
  li TESTNUM, 13
  GO_SMODE
  csrw sip, zero
  csrr a0, sip
  GO_MMODE
  CHECK(a0, MIP_STIP)
  # Undelegated, sip shows nothing although mip has STIP.
  csrw mideleg, zero
  TEST_CASE(14, a0, 0, csrr a0, sip)
  li t0, MIP_STIP
  csrc mip, t0

  # The other S CSRs from S.
  li TESTNUM, 15
  GO_SMODE
  li t0, 0x80004001
  csrw stvec, t0
  csrr a0, stvec
  li t0, 0x80008002
  csrw stvec, t0
  csrr a1, stvec
  li t0, -1
  csrw sepc, t0
  csrr a2, sepc
  li t0, 0x8000000000000009
  csrw scause, t0
  csrr a3, scause
  li t0, 0x123456789
  csrw stval, t0
  csrr a4, stval
  li t0, 0x55
  csrw sscratch, t0
  csrr a5, sscratch
  li t0, 0x80123
  csrw satp, t0
  csrr a6, satp
  csrw satp, zero
  GO_MMODE
  CHECK(a0, 0x80004001)
  CHECK(a1, 0x80004001)
  CHECK(a2, 0xfffffffffffffffe)
  CHECK(a3, 0x8000000000000009)
  CHECK(a4, 0x123456789)
  CHECK(a5, 0x55)
  CHECK(a6, 0x80123)
TEST_END
