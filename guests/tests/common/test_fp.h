# Macros for F/D guest tests, on top of test.h. Operands are bit patterns: a, b, c go to
# fa0, fa1, fa2 (single values NaN-boxed by fmv.w.x) and also a to a1 for integer sources; `code`
# leaves an FP result in fa3 or an integer result in a0. Every case checks the exact result bits
# and the exact fflags the code raised (fflags is cleared first).
#
#   TEST_FPR_S(2, 0x40400000, 0, 0x3f800000, 0x40000000, 0, fadd.s fa3, fa0, fa1)
#
# A single-precision result is checked as the whole 64-bit register, so its NaN boxing is too.

#define FFLAGS_NX 0x01
#define FFLAGS_UF 0x02
#define FFLAGS_OF 0x04
#define FFLAGS_DZ 0x08
#define FFLAGS_NV 0x10

#define MSTATUS_FS_INITIAL (1 << 13)
#define MSTATUS_FS 0x6000

# FS = Initial, frm = RNE, no flags.
#define TEST_FP_ENABLE        \
    li t0, MSTATUS_FS_INITIAL; \
    csrs mstatus, t0;         \
    csrwi fcsr, 0

#define TEST_FP_LOAD_OPERANDS_S(a, b, c) \
    li a1, a; fmv.w.x fa0, a1;           \
    li t0, b; fmv.w.x fa1, t0;           \
    li t0, c; fmv.w.x fa2, t0

#define TEST_FP_LOAD_OPERANDS_D(a, b, c) \
    li a1, a; fmv.d.x fa0, a1;           \
    li t0, b; fmv.d.x fa1, t0;           \
    li t0, c; fmv.d.x fa2, t0

#define TEST_FP_CHECK_FLAGS(eflags) \
    frflags t1;                     \
    li t2, eflags;                  \
    bne t1, t2, test_fail

# FP result, single precision (must be NaN-boxed).
#define TEST_FPR_S(n, result, eflags, a, b, c, code...) \
    li TESTNUM, n;                                      \
    TEST_FP_LOAD_OPERANDS_S(a, b, c);                   \
    fsflags x0;                                         \
    code;                                               \
    TEST_FP_CHECK_FLAGS(eflags);                        \
    fmv.x.d t1, fa3;                                    \
    li t2, (0xffffffff00000000 | (result));             \
    bne t1, t2, test_fail

# FP result, double precision.
#define TEST_FPR_D(n, result, eflags, a, b, c, code...) \
    li TESTNUM, n;                                      \
    TEST_FP_LOAD_OPERANDS_D(a, b, c);                   \
    fsflags x0;                                         \
    code;                                               \
    TEST_FP_CHECK_FLAGS(eflags);                        \
    fmv.x.d t1, fa3;                                    \
    li t2, result;                                      \
    bne t1, t2, test_fail

# Integer result in a0 from single / double operands.
#define TEST_FPX_S(n, result, eflags, a, b, code...) \
    li TESTNUM, n;                                   \
    TEST_FP_LOAD_OPERANDS_S(a, b, 0);                \
    fsflags x0;                                      \
    code;                                            \
    TEST_FP_CHECK_FLAGS(eflags);                     \
    li t2, result;                                   \
    bne a0, t2, test_fail

#define TEST_FPX_D(n, result, eflags, a, b, code...) \
    li TESTNUM, n;                                   \
    TEST_FP_LOAD_OPERANDS_D(a, b, 0);                \
    fsflags x0;                                      \
    code;                                            \
    TEST_FP_CHECK_FLAGS(eflags);                     \
    li t2, result;                                   \
    bne a0, t2, test_fail

# Traps: TEST_TRAP_HANDLER installs a handler that counts traps in t4, keeps mcause in s10 and
# mtval in s11, and resumes after the trapping instruction (2 or 4 bytes, from mtval's bits).
# TEST_ILLEGAL(n, code) expects `code` to trap exactly once with an illegal instruction.
#define TEST_TRAP_HANDLER        \
    la t0, test_fp_trap;         \
    csrw mtvec, t0;              \
    j 9f;                        \
    .balign 4;                   \
test_fp_trap:                    \
    addi t4, t4, 1;              \
    csrr s10, mcause;            \
    csrr s11, mtval;             \
    csrr t5, mepc;               \
    andi t6, s11, 3;             \
    addi t5, t5, 2;              \
    addi t6, t6, -3;             \
    bnez t6, 8f;                 \
    addi t5, t5, 2;              \
8:  csrw mepc, t5;               \
    mret;                        \
9:

#define TEST_ILLEGAL(n, code...) \
    li TESTNUM, n;               \
    li t4, 0;                    \
    code;                        \
    li t6, 1;                    \
    bne t4, t6, test_fail;       \
    li t6, 2;                    \
    bne s10, t6, test_fail

# `code` must not trap.
#define TEST_NO_TRAP(n, code...) \
    li TESTNUM, n;               \
    li t4, 0;                    \
    code;                        \
    bnez t4, test_fail

# mstatus.FS must equal `state` (0 Off, 1 Initial, 2 Clean, 3 Dirty), SD set exactly when Dirty.
#define TEST_FS(n, state)          \
    li TESTNUM, n;                 \
    csrr t1, mstatus;              \
    srli t2, t1, 13;               \
    andi t2, t2, 3;                \
    li t3, state;                  \
    bne t2, t3, test_fail;         \
    srli t2, t1, 63;               \
    li t3, ((state) == 3) & 1;    \
    bne t2, t3, test_fail

# Sets mstatus.FS to `state`.
#define SET_FS(state)              \
    li t0, MSTATUS_FS;             \
    csrc mstatus, t0;              \
    li t0, ((state) << 13);        \
    csrs mstatus, t0
