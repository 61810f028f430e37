# Interrupt test helpers.
#define MTIMECMP_OFF li t0, CLINT_MTIMECMP; li t1, -1; sd t1, 0(t0)
#define MSIP_SET(v) li t0, CLINT_MSIP; li t1, v; sw t1, 0(t0)
# Spin until an interrupt is taken (the handler continues at the label after the loop); fail
# the case after about `count` iterations.
#define WAIT_FOR_TRAP(count) la tp, 78f; li t2, count; 77: addi t2, t2, -1; bnez t2, 77b; j test_fail; 78:
