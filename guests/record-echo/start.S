# Entry in M-mode at 0x80000000; hart 0 runs main, any other hart sleeps.
    .section .text.boot
    .global _start
_start:
    csrr t0, mhartid
    bnez t0, park
    la sp, stack_top
    call main
park:
    wfi
    j park

    .section .bss
    .balign 16
    .space 8192
stack_top:
