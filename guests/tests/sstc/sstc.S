# Sstc: stimecmp drives STIP when menvcfg.STCE is set (and STIP is then read-only in mip);
# S-mode reaches stimecmp only with STCE and mcounteren.TM; without STCE, STIP is M-mode's to
# write (privileged spec, Sstc chapter).
#include "test.h"
#include "modes.h"

#define STIMECMP 0x14d
#define MENVCFG 0x30a
#define STCE_HI (1 << 31)       /* STCE is bit 63: csrs with (1 << 31) << 32 */
/* MIP_STIP comes from test.h */

TEST_BEGIN
  MODE_TRAP_HANDLER
  PMP_ALLOW_ALL
  li s4, 1
  slli s4, s4, 63               # STCE
  # Out of reset STCE is 0: S-mode may not touch stimecmp, and M-mode owns STIP.
  TEST_CASE(2, s10, 2, IN_MODE(1, csrr a4, STIMECMP))
  TEST_CASE(3, a4, MIP_STIP, li t0, MIP_STIP; csrs mip, t0; csrr a4, mip; andi a4, a4, MIP_STIP)
  TEST_CASE(4, a4, 0, li t0, MIP_STIP; csrc mip, t0; csrr a4, mip; andi a4, a4, MIP_STIP)

  # STCE on: a compare in the past raises STIP; a write of the future lowers it; mip.STIP
  # ignores M-mode writes.
  csrs MENVCFG, s4
  li t0, -1
  csrw STIMECMP, t0
  TEST_CASE(5, a4, 0, csrr a4, mip; andi a4, a4, MIP_STIP)
  csrw STIMECMP, zero
  TEST_CASE(6, a4, MIP_STIP, csrr a4, mip; andi a4, a4, MIP_STIP)
  TEST_CASE(7, a4, MIP_STIP, li t0, MIP_STIP; csrc mip, t0; csrr a4, mip; andi a4, a4, MIP_STIP)
  li t0, -1
  csrw STIMECMP, t0
  TEST_CASE(8, a4, 0, li t0, MIP_STIP; csrs mip, t0; csrr a4, mip; andi a4, a4, MIP_STIP)

  # S-mode access needs mcounteren.TM as well.
  csrw mcounteren, zero
  TEST_CASE(9, s10, 2, IN_MODE(1, csrr a4, STIMECMP))
  li t0, 2
  csrw mcounteren, t0
  TEST_CASE(10, a4, -1, IN_MODE(1, csrr a4, STIMECMP))
  TEST_CASE(11, s10, -1, IN_MODE(1, li t0, 12345; csrw STIMECMP, t0))
  TEST_CASE(12, a4, 12345, csrr a4, STIMECMP)
  # U-mode never may.
  TEST_CASE(13, s10, 2, IN_MODE(0, csrr a4, STIMECMP))

  # The interrupt reaches S-mode: delegate STI, enable it, set a deadline 100 us ahead and wait.
  # The wait is the race-free one: wfi with SIE clear (it returns once STIP is pending), then a
  # window with SIE set where the interrupt is taken. With SIE set across the wfi, a host that
  # pauses for 100 us before it reaches the wfi (sanitizers, a busy CI machine) lets the interrupt
  # in first, and the wfi then waits for one that has come and gone.
  li t0, MIP_STIP
  csrw mideleg, t0
  csrw mie, t0
  la t0, s_trap
  csrw stvec, t0
  li s5, 0
  TEST_CASE(14, s5, 0x8000000000000005, IN_MODE(1, rdtime t0; addi t0, t0, 1000; csrw STIMECMP, t0; 6: wfi; csrsi sstatus, 2; csrci sstatus, 2; beqz s5, 6b))
  j test_pass

  .balign 4
s_trap:
  csrr s5, scause
  li t0, -1
  csrw STIMECMP, t0
  sret
TEST_END
