# Macros for guest tests in the style of the RISC-V ISA tests (assembly, run with
# `microvm run --kernel test.elf`). A test is numbered cases; gp (x3) holds the case being run.
# The result goes to the host through HTIF: tohost = 1 passes, (case << 1) | 1 fails, so
# microvm exits 0 on success and with the failing case number otherwise. The same result is
# then written to QEMU's sifive,test device (which microvm never reaches: HTIF stopped it), so
# the tests also run unchanged on qemu-system-riscv64 -M virt -bios none (or -M spike).
#
#   #include "test.h"
#   TEST_BEGIN
#     TEST_RR_OP(2, add, 3, 1, 2)
#   TEST_END
#
# Register conventions:
#   gp       the case number (TESTNUM)
#   tp       where to continue after an expected trap (0: a trap now is unexpected)
#   s8..s11  what the last expected trap left: status (mstatus or sstatus as the handler saw it),
#            cause, tval, epc
#   t5, t6   scratch of the CHECK macros; t0 of the privilege-switch macros
# Macros use the local labels 70..79; tests use 1..9.
#
# Any trap the test did not expect fails the run with case number 1000 + mcause (interrupts
# 2000 + cause; traps delegated to S-mode 3000 + scause and 4000 + cause). The test starts in
# M-mode with a PMP entry that grants S and U all of memory, as the ISA tests do.
#
# Tests that start in S-mode (run with --bios builtin) define TEST_SUPERVISOR before including
# this file: they get only an unexpected-trap handler in stvec (1000 + scause, 2000 + cause), and
# none of the M-mode machinery below.

#define TESTNUM gp
# A check that fails before the first case (TESTNUM still 0) reports this number: 0 would read as a pass.
#define TEST_FAIL_BEFORE_FIRST_CASE 999

#define MSTATUS_SIE 0x2
#define MSTATUS_MIE 0x8
#define MSTATUS_SPIE 0x20
#define MSTATUS_MPIE 0x80
#define MSTATUS_SPP 0x100
#define MSTATUS_MPP 0x1800
#define MSTATUS_MPP_S 0x800
#define MSTATUS_MPP_M 0x1800
#define MSTATUS_FS 0x6000
#define MSTATUS_MPRV 0x20000
#define MSTATUS_SUM 0x40000
#define MSTATUS_MXR 0x80000
#define MSTATUS_TVM 0x100000
#define MSTATUS_TW 0x200000
#define MSTATUS_TSR 0x400000

#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_MISALIGNED_LOAD 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_USER_ECALL 8
#define CAUSE_SUPERVISOR_ECALL 9
#define CAUSE_MACHINE_ECALL 11
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15
#define CAUSE_INTERRUPT (1 << 63)

#define IRQ_S_SOFT 1
#define IRQ_M_SOFT 3
#define IRQ_S_TIMER 5
#define IRQ_M_TIMER 7
#define IRQ_S_EXT 9
#define IRQ_M_EXT 11

#define MIP_SSIP (1 << IRQ_S_SOFT)
#define MIP_MSIP (1 << IRQ_M_SOFT)
#define MIP_STIP (1 << IRQ_S_TIMER)
#define MIP_MTIP (1 << IRQ_M_TIMER)
#define MIP_SEIP (1 << IRQ_S_EXT)
#define MIP_MEIP (1 << IRQ_M_EXT)

# The virt board.
#define CLINT_BASE 0x2000000
#define CLINT_MSIP 0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME 0x200bff8
#define PLIC_BASE 0xc000000
#define UART_BASE 0x10000000
#define UART_IRQ 10

#ifdef TEST_SUPERVISOR
#define TEST_BEGIN                          \
    .section .text.init;                    \
    .global _start;                         \
_start:                                     \
    la t0, test_unexpected_trap;            \
    csrw stvec, t0;                         \
    la sp, test_stack_top;                  \
    li TESTNUM, 0;                          \
    li tp, 0;                               \
    j test_body;                            \
    .balign 4;                              \
test_unexpected_trap:                       \
    csrr t0, scause;                        \
    bltz t0, 71f;                           \
    addi TESTNUM, t0, 1000;                 \
    j test_fail;                            \
71: slli t0, t0, 1;                         \
    srli t0, t0, 1;                         \
    addi TESTNUM, t0, 2000;                 \
    j test_fail;                            \
    .text;                                  \
test_body:
#else
#define TEST_BEGIN                          \
    .section .text.init;                    \
    .global _start;                         \
_start:                                     \
    la t0, test_trap_handler;               \
    csrw mtvec, t0;                         \
    li t0, -1;                              \
    csrw pmpaddr0, t0;                      \
    li t0, 0x1f;                            \
    csrw pmpcfg0, t0;                       \
    la sp, test_stack_top;                  \
    li TESTNUM, 0;                          \
    li tp, 0;                               \
    j test_body;                            \
    .balign 4;                              \
test_trap_handler:                          \
    csrw mscratch, t0;                      \
    li t0, -1;                              \
    beq tp, t0, test_fail_m;                \
    beqz tp, test_unexpected_trap;          \
    csrr s8, mstatus;                       \
    csrr s9, mcause;                        \
    csrr s10, mtval;                        \
    csrr s11, mepc;                         \
    li t0, MSTATUS_MPIE;                    \
    csrc mstatus, t0;                       \
    slli t0, tp, 32;                        \
    srli t0, t0, 32;                        \
    csrw mepc, t0;                          \
    li t0, MSTATUS_MPP_M;                   \
    csrs mstatus, t0;                       \
    li tp, 0;                               \
    csrr t0, mscratch;                      \
    mret;                                   \
test_unexpected_trap:                       \
    csrr t0, mcause;                        \
    bltz t0, 71f;                           \
    addi TESTNUM, t0, 1000;                 \
    j test_fail_m;                          \
71: slli t0, t0, 1;                         \
    srli t0, t0, 1;                         \
    addi TESTNUM, t0, 2000;                 \
    j test_fail_m;                          \
    .balign 4;                              \
test_strap_handler:                         \
    csrw sscratch, t0;                      \
    li t0, -1;                              \
    beq tp, t0, 73f;                        \
    beqz tp, 74f;                           \
    csrr s8, sstatus;                       \
    csrr s9, scause;                        \
    csrr s10, stval;                        \
    csrr s11, sepc;                         \
    li t0, MSTATUS_SPIE;                    \
    csrc sstatus, t0;                       \
    slli t0, tp, 32;                        \
    srli t0, t0, 32;                        \
    csrw sepc, t0;                          \
    li t0, MSTATUS_SPP;                     \
    csrs sstatus, t0;                       \
    li tp, 0;                               \
    csrr t0, sscratch;                      \
    sret;                                   \
73: ecall;                                  \
74: csrr t0, scause;                        \
    li TESTNUM, 3000;                       \
    bgez t0, 75f;                           \
    li TESTNUM, 4000;                       \
    slli t0, t0, 1;                         \
    srli t0, t0, 1;                         \
75: add TESTNUM, TESTNUM, t0;               \
    li tp, -1;                              \
    ecall;                                  \
    .text;                                  \
test_body:
#endif

#define TEST_END                            \
test_pass:                                  \
    li t0, 1;                               \
    la t1, tohost;                          \
    sd t0, 0(t1);                           \
    li t0, 0x5555;                          \
    li t1, 0x100000;                        \
    sw t0, 0(t1);                           \
76: j 76b;                                  \
test_fail:                                  \
    bnez TESTNUM, 79f;                      \
    li TESTNUM, TEST_FAIL_BEFORE_FIRST_CASE; \
79: li tp, -1;                              \
    fence;                                  \
    slli t0, TESTNUM, 1;                    \
    ori t0, t0, 1;                          \
    la t1, tohost;                          \
    sd t0, 0(t1);                           \
    slli t0, TESTNUM, 16;                   \
    li t1, 0x3333;                          \
    or t0, t0, t1;                          \
    li t1, 0x100000;                        \
    sw t0, 0(t1);                           \
77: j 77b;                                  \
test_fail_m:                                \
    slli t0, TESTNUM, 1;                    \
    ori t0, t0, 1;                          \
    la t1, tohost;                          \
    slli t1, t1, 32;                        \
    srli t1, t1, 32;                        \
    sd t0, 0(t1);                           \
    slli t0, TESTNUM, 16;                   \
    li t1, 0x3333;                          \
    or t0, t0, t1;                          \
    li t1, 0x100000;                        \
    sw t0, 0(t1);                           \
78: j 78b;                                  \
    .section .tohost, "aw", @progbits;      \
    .balign 64;                             \
    .global tohost;                         \
tohost: .dword 0;                           \
    .size tohost, 8;                        \
    .balign 64;                             \
    .global fromhost;                       \
fromhost: .dword 0;                         \
    .size fromhost, 8;                      \
    .bss;                                   \
    .balign 16;                             \
    .space 4096;                            \
test_stack_top:

# ---------------------------------------------------------------------------------------------
# Checks. Each fails the test (with the current case number) when the value differs.

#define CHECK(reg, expected) li t6, expected; bne reg, t6, test_fail
#define CHECK_LABEL(reg, label) la t6, label; bne reg, t6, test_fail
#define CHECK_CSR(csr, expected) csrr t5, csr; li t6, expected; bne t5, t6, test_fail

# Case n passes when `reg` equals `expected` after `code`.
#define TEST_CASE(n, reg, expected, code...) \
    li TESTNUM, n;                           \
    code;                                    \
    li t6, expected;                         \
    bne reg, t6, test_fail

#define TEST_RR_OP(n, inst, result, v1, v2) \
    TEST_CASE(n, a4, result, li a1, v1; li a2, v2; inst a4, a1, a2)

#define TEST_IMM_OP(n, inst, result, v1, imm) \
    TEST_CASE(n, a4, result, li a1, v1; inst a4, a1, imm)

# rd is the same register as rs1 / rs2 / both; x0 as a source or the destination.
#define TEST_RR_SRC1_EQ_DEST(n, inst, result, v1, v2) \
    TEST_CASE(n, a1, result, li a1, v1; li a2, v2; inst a1, a1, a2)
#define TEST_RR_SRC2_EQ_DEST(n, inst, result, v1, v2) \
    TEST_CASE(n, a2, result, li a1, v1; li a2, v2; inst a2, a1, a2)
#define TEST_RR_SRC12_EQ_DEST(n, inst, result, v1) \
    TEST_CASE(n, a1, result, li a1, v1; inst a1, a1, a1)
#define TEST_RR_ZERODEST(n, inst, v1, v2) \
    TEST_CASE(n, x0, 0, li a1, v1; li a2, v2; inst x0, a1, a2)
#define TEST_RR_ZEROSRC1(n, inst, result, v2) \
    TEST_CASE(n, a4, result, li a2, v2; inst a4, x0, a2)
#define TEST_RR_ZEROSRC2(n, inst, result, v1) \
    TEST_CASE(n, a4, result, li a1, v1; inst a4, a1, x0)
#define TEST_IMM_SRC1_EQ_DEST(n, inst, result, v1, imm) \
    TEST_CASE(n, a1, result, li a1, v1; inst a1, a1, imm)
#define TEST_IMM_ZEROSRC1(n, inst, result, imm) \
    TEST_CASE(n, a4, result, inst a4, x0, imm)
#define TEST_IMM_ZERODEST(n, inst, v1, imm) \
    TEST_CASE(n, x0, 0, li a1, v1; inst x0, a1, imm)

# Load `inst` from `base + offset` and expect `result`.
#define TEST_LD_OP(n, inst, result, offset, base) \
    TEST_CASE(n, a4, result, la a1, base; inst a4, offset(a1))

# Store `value` with `st`, read it back with `ld`.
#define TEST_ST_OP(n, ld, st, value, offset, base) \
    TEST_CASE(n, a4, value, la a1, base; li a2, value; st a2, offset(a1); ld a4, offset(a1))

# A branch that must be taken / must not be taken.
#define TEST_BR_TAKEN(n, inst, v1, v2) \
    li TESTNUM, n; li a1, v1; li a2, v2; inst a1, a2, 2f; j test_fail; 2:
#define TEST_BR_NOT_TAKEN(n, inst, v1, v2) \
    li TESTNUM, n; li a1, v1; li a2, v2; inst a1, a2, test_fail

# ---------------------------------------------------------------------------------------------
# Expected traps. `code` must trap; the handler (M-mode, or S-mode when the trap is delegated and
# stvec points at test_strap_handler) records it in s8..s11 and continues after the case in the
# handler's mode, with that mode's interrupts disabled (xIE = 0: an interrupt's source is usually
# still pending).

#define EXPECT_TRAP(code...) \
    la tp, 79f; code; j test_fail; 79:

#define TEST_TRAP(n, cause, tval, code...) \
    li TESTNUM, n;                         \
    EXPECT_TRAP(code);                     \
    CHECK(s9, cause);                      \
    CHECK(s10, tval)

# The same, without looking at tval.
#define TEST_TRAP_CAUSE(n, cause, code...) \
    li TESTNUM, n;                         \
    EXPECT_TRAP(code);                     \
    CHECK(s9, cause)

# ---------------------------------------------------------------------------------------------
# Privilege changes. From M-mode: continue at the next instruction in S or U mode (mret); from
# S-mode to U (sret); from anywhere back to M-mode through ecall (s9 then holds 8, 9 or 11).

#define GO_SMODE                  \
    li t0, MSTATUS_MPP;           \
    csrc mstatus, t0;             \
    li t0, MSTATUS_MPP_S;         \
    csrs mstatus, t0;             \
    la t0, 70f;                   \
    csrw mepc, t0;                \
    mret;                         \
70:

#define GO_UMODE                  \
    li t0, MSTATUS_MPP;           \
    csrc mstatus, t0;             \
    la t0, 70f;                   \
    csrw mepc, t0;                \
    mret;                         \
70:

#define GO_UMODE_FROM_S           \
    li t0, MSTATUS_SPP;           \
    csrc sstatus, t0;             \
    la t0, 70f;                   \
    csrw sepc, t0;                \
    sret;                         \
70:

#define GO_MMODE                  \
    la tp, 70f;                   \
    ecall;                        \
70:
