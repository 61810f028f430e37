# PMP helpers: entry 15 becomes the catch-all (NAPOT over everything, RWX) so S and U can run
# the test's code; entries 0..7 are the ones under test (pmpcfg0), 8..14 stay off.
#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_OFF 0x00
#define PMP_TOR 0x08
#define PMP_NA4 0x10
#define PMP_NAPOT 0x18
#define PMP_L 0x80

#define PMP_CATCH_ALL_LAST \
    li t0, -1; csrw pmpaddr15, t0; li t0, (0x1f << 56); csrw pmpcfg2, t0; csrw pmpcfg0, zero

# pmpaddr value for a NAPOT region of `size` bytes (a power of two, at least 8) at `base`.
#define NAPOT_ADDR(reg, base_label, size) la reg, base_label; srli reg, reg, 2; ori reg, reg, ((size) >> 3) - 1

#ifndef S_OK
#define U_OK(n, code...) li TESTNUM, n; GO_UMODE; code; GO_MMODE; CHECK(s9, CAUSE_USER_ECALL)
#define S_OK(n, code...) li TESTNUM, n; GO_SMODE; code; GO_MMODE; CHECK(s9, CAUSE_SUPERVISOR_ECALL)
#define U_FAULT(n, cause, tval, code...) li TESTNUM, n; GO_UMODE; EXPECT_TRAP(code); CHECK(s9, cause); CHECK(s10, tval)
#define S_FAULT(n, cause, tval, code...) li TESTNUM, n; GO_SMODE; EXPECT_TRAP(code); CHECK(s9, cause); CHECK(s10, tval)
#endif

# The same with mtval checked against a label (plus offset) instead of a number.
#define U_FAULT_AT(n, cause, label, code...) li TESTNUM, n; GO_UMODE; EXPECT_TRAP(code); CHECK(s9, cause); CHECK_LABEL(s10, label)
#define S_FAULT_AT(n, cause, label, code...) li TESTNUM, n; GO_SMODE; EXPECT_TRAP(code); CHECK(s9, cause); CHECK_LABEL(s10, label)
