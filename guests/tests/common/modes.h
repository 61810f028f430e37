# Running test code in S- or U-mode from an M-mode test, for tests that bring their own trap
# handler: IN_MODE(mpp, code...) runs `code` with MPP = mpp (0 U, 1 S) and returns to M-mode
# through an ecall. MODE_TRAP_HANDLER installs a handler (call it once, before IN_MODE) that
# records the last trap's cause in s10 (-1 when none) and tval in s11, and skips the trapping
# instruction.
#define IN_MODE(mpp, code...)        \
    li s10, -1;                       \
    la t0, 1f;                        \
    csrw mepc, t0;                    \
    li t0, 3 << 11;                   \
    csrc mstatus, t0;                 \
    li t0, (mpp) << 11;               \
    csrs mstatus, t0;                 \
    mret;                             \
1:  code;                             \
    ecall

#define MODE_TRAP_HANDLER             \
    la t0, 3f;                        \
    csrw mtvec, t0;                   \
    j 4f;                             \
    .balign 4;                        \
3:  csrr t0, mcause;                  \
    li t1, 9;                         \
    beq t0, t1, 5f;                   \
    li t1, 8;                         \
    beq t0, t1, 5f;                   \
    mv s10, t0;                       \
    csrr s11, mtval;                  \
    csrr t0, mepc;                    \
    addi t0, t0, 4;                   \
    csrw mepc, t0;                    \
    mret;                             \
5:  csrr t0, mepc;                    \
    addi t0, t0, 4;                   \
    li t1, 3 << 11;                   \
    csrs mstatus, t1;                 \
    csrw mepc, t0;                    \
    mret;                             \
4:

# PMP entry 0 lets S and U reach all memory.
#define PMP_ALLOW_ALL                 \
    li t0, -1;                        \
    csrw pmpaddr0, t0;                \
    li t0, 0x1f;                      \
    csrw pmpcfg0, t0
