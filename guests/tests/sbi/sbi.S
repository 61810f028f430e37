# The built-in SBI seen from an S-mode kernel (run with --bios builtin): BASE, TIME (a timer
# interrupt arrives), IPI to itself, HSM status, RFENCE, DBCN output, legacy calls, and errors
# for what does not exist. SBI calls: a7 = extension, a6 = function; a0 = error, a1 = value.
#define TEST_SUPERVISOR
#include "test.h"

#define SBI_CALL(ext, fid) li a7, ext; li a6, fid; ecall
#define BASE 0x10
#define TIME 0x54494D45
#define IPI 0x735049
#define RFENCE 0x52464E43
#define HSM 0x48534D
#define DBCN 0x4442434E
#define SIE_STIE (1 << 5)
#define SIE_SSIE (1 << 1)

TEST_BEGIN
  # The hart starts in S-mode: reading mstatus is illegal (cause 2), sstatus is fine.
  la t0, strap
  csrw stvec, t0
  TEST_CASE(2, s0, 2, li s0, 0; csrr a5, mstatus)

  # BASE: spec version 2.0, our implementation ID, probe.
  TEST_CASE(3, a1, 0x02000000, SBI_CALL(BASE, 0))
  TEST_CASE(4, a0, 0, SBI_CALL(BASE, 0))
  TEST_CASE(5, a1, 0x4d56, SBI_CALL(BASE, 1))
  TEST_CASE(6, a1, 1, li a0, TIME; SBI_CALL(BASE, 3))
  TEST_CASE(7, a1, 1, li a0, HSM; SBI_CALL(BASE, 3))
  TEST_CASE(8, a1, 0, li a0, 0x12345678; SBI_CALL(BASE, 3))
  # An extension that does not exist: SBI_ERR_NOT_SUPPORTED.
  TEST_CASE(9, a0, -2, SBI_CALL(0x12345678, 0))
  # mvendorid, marchid, mimpid: the M-mode CSRs' values (0 here), read for the S-mode caller.
  TEST_CASE(50, a1, 0, li a1, -1; SBI_CALL(BASE, 4))
  TEST_CASE(51, a0, 0, SBI_CALL(BASE, 4))
  TEST_CASE(52, a1, 0, li a1, -1; SBI_CALL(BASE, 5))
  TEST_CASE(53, a1, 0, li a1, -1; SBI_CALL(BASE, 6))

  # HSM: this hart is started (0); a hart that does not exist is an invalid parameter (-3).
  TEST_CASE(10, a1, 0, li a0, 0; SBI_CALL(HSM, 2))
  TEST_CASE(11, a0, -3, li a0, 7; SBI_CALL(HSM, 2))
  # Starting a hart that runs already: SBI_ERR_ALREADY_AVAILABLE (-6).
  TEST_CASE(12, a0, -6, li a0, 0; la a1, test_fail; li a2, 0; SBI_CALL(HSM, 0))

  # TIME: a deadline in the past raises STIP at once; the interrupt is taken when enabled.
  li s0, 0
  li t0, SIE_STIE
  csrs sie, t0
  TEST_CASE(13, a0, 0, li a0, 0; SBI_CALL(TIME, 0))
  TEST_CASE(14, s0, 0x8000000000000005, csrsi sstatus, 2; 1: beqz s0, 1b; csrci sstatus, 2)
  # A deadline far away clears it again.
  TEST_CASE(15, a4, 0, li a0, -1; SBI_CALL(TIME, 0); csrr a4, sip; andi a4, a4, 1 << 5)
  # A deadline 1 ms ahead fires after time passes it: wfi sleeps until then. SIE is clear across
  # the wfi (it returns once STIP is pending) and set only for a window after it: were it set
  # across, a host pause of 1 ms before the wfi would let the interrupt in first and leave the
  # wfi waiting for one that has come and gone.
  li s0, 0
  rdtime s1
  li t0, 10000
  add a0, s1, t0
  SBI_CALL(TIME, 0)
2: wfi
  csrsi sstatus, 2
  csrci sstatus, 2
  beqz s0, 2b
  TEST_CASE(16, a4, 1, rdtime a5; sub a5, a5, s1; li t0, 10000; sltu a4, a5, t0; xori a4, a4, 1)

  # IPI to ourselves: SSIP set, taken as a supervisor software interrupt.
  li s0, 0
  li t0, SIE_SSIE
  csrs sie, t0
  TEST_CASE(17, a0, 0, li a0, 1; li a1, 0; SBI_CALL(IPI, 0))
  TEST_CASE(18, s0, 0x8000000000000001, csrsi sstatus, 2; 3: beqz s0, 3b; csrci sstatus, 2)
  # A mask naming a hart that is not there: invalid parameter.
  TEST_CASE(19, a0, -3, li a0, 2; li a1, 0; SBI_CALL(IPI, 0))

  # RFENCE to all harts (mask base -1): fine; the hypervisor fences are not supported.
  TEST_CASE(20, a0, 0, li a0, 0; li a1, -1; SBI_CALL(RFENCE, 0))
  TEST_CASE(21, a0, 0, li a0, 0; li a1, -1; li a2, 0; li a3, -1; SBI_CALL(RFENCE, 1))
  TEST_CASE(22, a0, -2, li a0, 0; li a1, -1; SBI_CALL(RFENCE, 3))

  # DBCN: write a string from physical memory, and one byte; the test's e2e check reads them.
  la a1, message
  TEST_CASE(23, a1, 6, li a0, 6; li a2, 0; SBI_CALL(DBCN, 0))
  TEST_CASE(24, a0, 0, li a0, '\n'; SBI_CALL(DBCN, 2))
  # HSM suspend, retentive: the call returns once an interrupt is pending (a timer 1 ms ahead);
  # meanwhile the hart's status is SUSPENDED, after it STARTED again.
  li s0, 0
  rdtime a0
  li t0, 10000
  add a0, a0, t0
  SBI_CALL(TIME, 0)
  TEST_CASE(27, a0, 0, li a0, 0; li a1, 0; li a2, 0; SBI_CALL(HSM, 3))
  TEST_CASE(28, a4, 1, csrr a4, sip; srli a4, a4, 5; andi a4, a4, 1)
  TEST_CASE(29, a1, 0, li a0, 0; SBI_CALL(HSM, 2))
  csrsi sstatus, 2              # take the timer interrupt now (it pushes the deadline out)
  csrci sstatus, 2
  # Non-retentive: the hart starts over at resume_addr in S-mode, a0 = hartid, a1 = opaque,
  # interrupts off, translation off.
  li s0, 0
  rdtime a0
  li t0, 10000
  add a0, a0, t0
  SBI_CALL(TIME, 0)
  li a0, 0x80000000
  la a1, resumed
  li a2, 0xfeed
  li s1, 0x1234                 # survives? a non-retentive resume may lose registers: not checked
  SBI_CALL(HSM, 3)
  li TESTNUM, 30
  j test_fail                   # the call must not return
resumed:
  TEST_CASE(31, a1, 0xfeed, )
  TEST_CASE(32, a0, 0, )
  TEST_CASE(33, a4, 0, csrr a4, sstatus; andi a4, a4, 2)
  TEST_CASE(34, a4, 0, csrr a4, satp)
  la t0, strap                  # stvec is still ours
  csrw stvec, t0
  csrsi sstatus, 2
  csrci sstatus, 2
  # An unknown suspend type is an invalid parameter.
  TEST_CASE(35, a0, -3, li a0, 1; SBI_CALL(HSM, 3))
  # Legacy console_putchar (extension 1).
  TEST_CASE(25, a0, 0, li a0, '!'; li a7, 1; ecall)
  TEST_CASE(26, a0, 0, li a0, '\n'; li a7, 1; ecall)
  j test_pass

  .balign 4
strap:
  csrr s0, scause
  li t0, 2
  bne s0, t0, 5f
  csrr t0, sepc                 # illegal instruction: skip it
  addi t0, t0, 4
  csrw sepc, t0
  sret
5:
  li t0, 0x8000000000000005
  bne s0, t0, 4f
  li a0, -1                     # timer: push the deadline out (clears STIP)
  li a7, TIME
  li a6, 0
  ecall
  sret
4:
  csrci sip, 2                  # software interrupt: clear SSIP
  sret
TEST_END

  .data
message: .ascii "sbi ok"
