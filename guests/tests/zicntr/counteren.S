# Counter access from S and U is gated by mcounteren (for S and U) and scounteren (for U), bit
# per counter (CY=0, TM=1, IR=2, HPMn=n); a disabled read is an illegal instruction. The
# M-mode counters are never accessible from S or U.
#include "test.h"
.option norvc
#define S_DENIED(n, insn...) GO_SMODE; TEST_TRAP_CAUSE(n, CAUSE_ILLEGAL_INSTRUCTION, insn)
#define U_DENIED(n, insn...) GO_UMODE; TEST_TRAP_CAUSE(n, CAUSE_ILLEGAL_INSTRUCTION, insn)
#define S_ALLOWED(n, insn...) li TESTNUM, n; GO_SMODE; insn; GO_MMODE; CHECK(s9, CAUSE_SUPERVISOR_ECALL)
#define U_ALLOWED(n, insn...) li TESTNUM, n; GO_UMODE; insn; GO_MMODE; CHECK(s9, CAUSE_USER_ECALL)
TEST_BEGIN
  csrw mcounteren, zero
  csrw scounteren, zero
  S_DENIED(2, csrr a0, cycle)
  S_DENIED(3, csrr a0, time)
  S_DENIED(4, csrr a0, instret)
  U_DENIED(5, csrr a0, cycle)
  U_DENIED(6, csrr a0, time)
  U_DENIED(7, csrr a0, instret)
  # mcounteren opens them to S, not yet to U.
  li t0, 7
  csrw mcounteren, t0
  S_ALLOWED(8, csrr a0, cycle)
  S_ALLOWED(9, csrr a0, time)
  S_ALLOWED(10, csrr a0, instret)
  U_DENIED(11, csrr a0, cycle)
  # scounteren (written from S) opens them to U.
  li TESTNUM, 12
  GO_SMODE
  li t0, 7
  csrw scounteren, t0
  GO_MMODE
  U_ALLOWED(13, csrr a0, cycle)
  U_ALLOWED(14, csrr a0, time)
  U_ALLOWED(15, csrr a0, instret)
  # Each bit on its own: TM only.
  li t0, 2
  csrw mcounteren, t0
  S_DENIED(16, csrr a0, cycle)
  S_ALLOWED(17, csrr a0, time)
  S_DENIED(18, csrr a0, instret)
  U_DENIED(19, csrr a0, cycle)
  U_ALLOWED(20, csrr a0, time)
  # scounteren without mcounteren does nothing for U.
  csrw mcounteren, zero
  U_DENIED(21, csrr a0, time)
  # hpmcounter3 with its bit set reads zero (no performance counters here).
  li t0, 8
  csrw mcounteren, t0
  li a0, 5
  S_ALLOWED(22, csrr a0, hpmcounter3)
  CHECK(a0, 0)
  S_DENIED(23, csrr a0, hpmcounter4)
  # The machine counters and counteren registers themselves are M-only.
  li t0, 7
  csrw mcounteren, t0
  S_DENIED(24, csrr a0, mcycle)
  S_DENIED(25, csrr a0, minstret)
  S_DENIED(26, csrr a0, mcounteren)
  U_DENIED(27, csrr a0, scounteren)
  # mcounteren and scounteren are 32-bit registers.
  li TESTNUM, 28
  li t0, -1
  csrw mcounteren, t0
  csrr a0, mcounteren
  CHECK(a0, 0xffffffff)
  csrw scounteren, t0
  csrr a0, scounteren
  CHECK(a0, 0xffffffff)
TEST_END
