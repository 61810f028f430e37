# Entry of the benchmark guest: hart 0 gets a stack, FP on, and runs main_loop forever.
    .section .text.init
    .global _start
_start:
    csrr t0, mhartid
1:  bnez t0, 1b
    la sp, stack_top
    li t0, 1 << 13             # mstatus.FS = Initial
    csrs mstatus, t0
    call main_loop
2:  j 2b
    .bss
    .balign 16
    .space 16384
stack_top:
