# The first instructions the kernel runs, at 0x80000000 in M-mode.
    .section .text.boot
    .global _start
_start:
    csrr t0, mhartid        # which hart am I?
    bnez t0, park           # only hart 0 runs the kernel
    la sp, stack_top        # C needs a stack
    la t0, __bss_start      # C expects .bss to be zero
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  call kmain
park:
    wfi
    j park

    .section .bss
    .balign 16
    .space 4096
stack_top:
