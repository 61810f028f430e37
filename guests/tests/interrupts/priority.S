# Several interrupts pending at once are taken in the architectural order (privileged spec
# 3.1.9): MEI, MSI, MTI, SEI, SSI, STI for M; interrupts for M before those delegated to S.
# (MEI, from the PLIC, is in plic_uart.S.) The handler records each cause and masks it.
#include "test.h"
#include "irq.h"
.option norvc
#define ALL_PENDING \
    MSIP_SET(1); li t0, CLINT_MTIMECMP; sd zero, 0(t0); li t0, MIP_SEIP | MIP_SSIP | MIP_STIP; csrs mip, t0
#define EXPECT_ORDER(a, b, c, d, e) \
    la t0, order; ld t1, 0(t0); CHECK(t1, a); ld t1, 8(t0); CHECK(t1, b); ld t1, 16(t0); CHECK(t1, c); \
    ld t1, 24(t0); CHECK(t1, d); ld t1, 32(t0); CHECK(t1, e)
TEST_BEGIN
  la t0, record_m
  csrw mtvec, t0
  la t0, record_s
  csrw stvec, t0
  # Case 2: all in M.
  li TESTNUM, 2
  la s0, order
  ALL_PENDING
  li t0, MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP
  csrw mie, t0
  csrsi mstatus, MSTATUS_MIE
  li t2, 1000
1:
  addi t2, t2, -1
  bnez t2, 1b
  csrci mstatus, MSTATUS_MIE
  EXPECT_ORDER(IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER)
  # Case 3: SSI, STI and SEI delegated; running in U: M's first, then S's in their order.
  li TESTNUM, 3
  la s0, order
  .irp i, 0, 8, 16, 24, 32
  sd zero, \i(s0)
  .endr
  li t0, MIP_SEIP | MIP_SSIP | MIP_STIP
  csrw mideleg, t0
  ALL_PENDING
  li t0, MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP
  csrw mie, t0
  GO_UMODE
  li t2, 1000
2:
  addi t2, t2, -1
  bnez t2, 2b
  la t0, order
  ld t1, 32(t0)                # all five are in: back to M by ecall through record_m
  beqz t1, 2b
  ecall
  la t0, test_trap_handler
  csrw mtvec, t0
  EXPECT_ORDER(IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER)
  csrw mideleg, zero
TEST_END

  .text
  .balign 4
# M-mode: an interrupt is recorded at s0 and masked in mie; an ecall returns to M after it.
record_m:
  csrr t0, mcause
  bgez t0, 1f
  slli t0, t0, 1
  srli t0, t0, 1
  sd t0, 0(s0)
  addi s0, s0, 8
  li t1, 1
  sll t1, t1, t0
  csrc mie, t1
  mret
1:
  csrr t0, mepc
  addi t0, t0, 4
  csrw mepc, t0
  li t0, MSTATUS_MPP
  csrs mstatus, t0
  mret
  .balign 4
record_s:
  csrr t0, scause
  slli t0, t0, 1
  srli t0, t0, 1
  sd t0, 0(s0)
  addi s0, s0, 8
  li t1, 1
  sll t1, t1, t0
  csrc sie, t1
  sret

  .data
  .balign 8
order: .dword 0, 0, 0, 0, 0, 0
