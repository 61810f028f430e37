# Macros for guest tests in the style of the RISC-V ISA tests (assembly, run with
# `microvm run --kernel test.elf`). A test is numbered cases; gp (x3) holds the case being run.
# The result goes to the host through HTIF: tohost = 1 passes, (case << 1) | 1 fails, so
# microvm exits 0 on success and with the failing case number otherwise. The same result is
# then written to QEMU's sifive,test device (which microvm never reaches: HTIF stopped it), so
# every test also runs unchanged on qemu-system-riscv64 -M virt -bios none.
#
#   #include "test.h"
#   TEST_BEGIN
#     TEST_RR_OP(2, add, 3, 1, 2)
#   TEST_END
#
# Any trap the test did not expect fails the run with case number 1000 + mcause (interrupts
# 2000 + cause). Tests that expect traps install their own mtvec.

#define TESTNUM gp

# Tests that start in S-mode (run with --bios builtin) define TEST_SUPERVISOR before including
# this file: their unexpected-trap handler is then stvec's.
#ifdef TEST_SUPERVISOR
#define TEST_TVEC stvec
#define TEST_CAUSE scause
#else
#define TEST_TVEC mtvec
#define TEST_CAUSE mcause
#endif

#define TEST_BEGIN                          \
    .section .text.init;                    \
    .global _start;                         \
_start:                                     \
    la t0, test_unexpected_trap;            \
    csrw TEST_TVEC, t0;                     \
    la sp, test_stack_top;                  \
    li TESTNUM, 0;                          \
    j test_body;                            \
    .balign 4;                              \
test_unexpected_trap:                       \
    csrr t0, TEST_CAUSE;                    \
    bltz t0, 1f;                            \
    addi TESTNUM, t0, 1000;                 \
    j test_fail;                            \
1:  slli t0, t0, 1;                         \
    srli t0, t0, 1;                         \
    addi TESTNUM, t0, 2000;                 \
    j test_fail;                            \
    .text;                                  \
test_body:

#define TEST_END                            \
test_pass:                                  \
    li t0, 1;                               \
    la t1, tohost;                          \
    sd t0, 0(t1);                           \
    li t0, 0x5555;                          \
    li t1, 0x100000;                        \
    sw t0, 0(t1);                           \
1:  j 1b;                                   \
test_fail:                                  \
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
1:  j 1b;                                   \
    .section .tohost, "aw", @progbits;      \
    .balign 64;                             \
    .global tohost;                         \
tohost: .dword 0;                           \
    .balign 64;                             \
    .global fromhost;                       \
fromhost: .dword 0;                         \
    .bss;                                   \
    .balign 16;                             \
    .space 4096;                            \
test_stack_top:

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

# rd is the same register as rs1 / rs2 / both.
#define TEST_RR_SRC1_EQ_DEST(n, inst, result, v1, v2) \
    TEST_CASE(n, a1, result, li a1, v1; li a2, v2; inst a1, a1, a2)
#define TEST_RR_SRC2_EQ_DEST(n, inst, result, v1, v2) \
    TEST_CASE(n, a2, result, li a1, v1; li a2, v2; inst a2, a1, a2)
#define TEST_RR_ZERODEST(n, inst, v1, v2) \
    TEST_CASE(n, x0, 0, li a1, v1; li a2, v2; inst x0, a1, a2)

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
