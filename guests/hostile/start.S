# Every hart gets its own 8 KiB stack; hart 0 runs main(), the others secondary(hartid).
    .section .text.boot
    .global _start
_start:
    csrr t0, mhartid
    la sp, stacks_top
    slli t1, t0, 13
    sub sp, sp, t1
    mv a0, t0
    bnez t0, 1f
    call main
    j park
1:  call secondary
park:
    wfi
    j park

    .section .bss
    .balign 16
    .space 8192 * 16
stacks_top:
