# Entry of the vectorised kernels guest: M-mode, as qemu -M virt -bios none starts it. Turns the
# FPU and the vector unit on (mstatus.FS and VS), runs main and powers off through the sifive,test
# finisher with main's result (0: pass, else fail with that code); any trap fails with code 1.
    .section .text.boot
    .global _start
_start:
    csrr t0, mhartid
    bnez t0, park
    la sp, stack_top
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  la t0, trap
    csrw mtvec, t0
    li t0, (1 << 13) | (1 << 9)
    csrs mstatus, t0
    call main
    li t0, 0x100000
    li t1, 0x5555              # poweroff
    beqz a0, 3f
    slli a0, a0, 16
    li t1, 0x3333              # fail, code a0
    or t1, t1, a0
3:  sw t1, 0(t0)
park:
    wfi
    j park

    .balign 4
trap:
    li t0, 0x100000
    li t1, 0x13333
    sw t1, 0(t0)
    j park

    .bss
    .balign 16
    .space 16384
stack_top:
