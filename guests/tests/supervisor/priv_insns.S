# Privileged instructions below their privilege raise illegal instruction with mtval = the
# instruction: mret in S and U, sret in U and (TSR = 1) in S, wfi in U and (TW = 1) in S,
# sfence.vma in U and (TVM = 1) in S, satp in S with TVM = 1. M-mode is never stopped by
# TSR/TW/TVM.
#include "test.h"
.option norvc
#define DENIED(n, go, bits, insn...) go; TEST_TRAP(n, CAUSE_ILLEGAL_INSTRUCTION, bits, insn)
TEST_BEGIN
  DENIED(2, GO_SMODE, 0x30200073, mret)
  DENIED(3, GO_UMODE, 0x30200073, mret)
  DENIED(4, GO_UMODE, 0x10200073, sret)
  DENIED(5, GO_UMODE, 0x10500073, wfi)
  DENIED(6, GO_UMODE, 0x12000073, sfence.vma)
  # TSR: sret in S.
  li t0, MSTATUS_TSR
  csrs mstatus, t0
  DENIED(7, GO_SMODE, 0x10200073, sret)
  # ... but M may still sret (to S here, then back).
  li TESTNUM, 8
  li t0, MSTATUS_TSR
  csrs mstatus, t0
  li t0, MSTATUS_SPP
  csrs mstatus, t0
  la t0, 1f
  csrw sepc, t0
  sret
1:
  GO_MMODE
  CHECK(s9, CAUSE_SUPERVISOR_ECALL)
  li t0, MSTATUS_TSR
  csrc mstatus, t0
  # TW: wfi in S.
  li t0, MSTATUS_TW
  csrs mstatus, t0
  DENIED(9, GO_SMODE, 0x10500073, wfi)
  # M may wait with TW set (an interrupt is pending and enabled, so it returns at once).
  li TESTNUM, 10
  li t0, MIP_SSIP
  csrw mie, t0
  csrs mip, t0
  wfi
  csrc mip, t0
  csrw mie, zero
  li t0, MSTATUS_TW
  csrc mstatus, t0
  # With TW clear, S may wfi (a pending enabled interrupt ends it at once: SSI, delegated to S
  # where SIE = 0 keeps it from being taken).
  li TESTNUM, 11
  li t0, MIP_SSIP
  csrw mideleg, t0
  csrw mie, t0
  csrs mip, t0
  GO_SMODE
  wfi
  GO_MMODE
  CHECK(s9, CAUSE_SUPERVISOR_ECALL)
  li t0, MIP_SSIP
  csrc mip, t0
  csrw mie, zero
  csrw mideleg, zero
  # TVM: sfence.vma and satp in S.
  li t0, MSTATUS_TVM
  csrs mstatus, t0
  DENIED(12, GO_SMODE, 0x12000073, sfence.vma)
  DENIED(13, GO_SMODE, 0x18002573, csrr a0, satp)
  DENIED(14, GO_SMODE, 0x18001073, csrw satp, zero)
  # M accesses satp and runs sfence.vma with TVM set.
  TEST_CASE(15, a0, 0, csrr a0, satp; sfence.vma)
  li t0, MSTATUS_TVM
  csrc mstatus, t0
  # Without TVM, S may.
  li TESTNUM, 16
  GO_SMODE
  csrr a0, satp
  csrw satp, zero
  sfence.vma
  GO_MMODE
  CHECK(s9, CAUSE_SUPERVISOR_ECALL)
TEST_END
