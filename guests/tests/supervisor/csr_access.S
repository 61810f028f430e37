# CSR privilege (privileged spec 2.1): bits 9:8 of the number give the lowest privilege that may
# access it. S cannot touch M CSRs; U cannot touch S or M CSRs; mtval holds the instruction.
#include "test.h"
.option norvc
#define S_DENIED(n, bits, insn...) GO_SMODE; TEST_TRAP(n, CAUSE_ILLEGAL_INSTRUCTION, bits, insn)
#define U_DENIED(n, bits, insn...) GO_UMODE; TEST_TRAP(n, CAUSE_ILLEGAL_INSTRUCTION, bits, insn)
TEST_BEGIN
  S_DENIED(2, 0x30002573, csrr a0, mstatus)
  S_DENIED(3, 0x34102573, csrr a0, mepc)
  S_DENIED(4, 0x34029073, csrw mscratch, t0)
  S_DENIED(5, 0xf1402573, csrr a0, mhartid)
  S_DENIED(6, 0x3a002573, csrr a0, pmpcfg0)
  S_DENIED(7, 0x30a02573, csrr a0, menvcfg)
  S_DENIED(8, 0xb0002573, csrr a0, mcycle)
  U_DENIED(9, 0x10002573, csrr a0, sstatus)
  U_DENIED(10, 0x14102573, csrr a0, sepc)
  U_DENIED(11, 0x18002573, csrr a0, satp)
  U_DENIED(12, 0x14029073, csrw sscratch, t0)
  U_DENIED(13, 0x30002573, csrr a0, mstatus)
  U_DENIED(14, 0xf1402573, csrr a0, mhartid)
  # S may use its own CSRs.
  li TESTNUM, 15
  GO_SMODE
  li a1, 0x5a5a
  csrw sscratch, a1
  csrr a0, sscratch
  csrr a2, sstatus
  csrr a2, stvec
  csrr a2, scause
  csrr a2, stval
  csrr a2, sepc
  csrr a2, sie
  csrr a2, sip
  csrr a2, scounteren
  csrr a2, senvcfg
  GO_MMODE
  CHECK(s9, CAUSE_SUPERVISOR_ECALL)
  CHECK(a0, 0x5a5a)
  # A denied write leaves the CSR alone.
  li TESTNUM, 16
  li t0, 0x1111
  csrw mcounteren, t0
  li t0, 0x2222
  GO_SMODE
  EXPECT_TRAP(csrw mcounteren, t0)
  CHECK_CSR(mcounteren, 0x1111)
TEST_END
