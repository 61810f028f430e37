# Entry of the bare-metal benchmark guests: M-mode at 0x80000000, as qemu -M virt -bios none starts
# a kernel. Hart 0 clears .bss, runs main, then powers off through the sifive,test finisher; any
# trap is a failure (finisher code 1).
    .section .text.boot
    .global _start
_start:
    csrr t0, mhartid
    bnez t0, park
    la sp, __stack_top
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  la t0, trap
    csrw mtvec, t0
    call main
    li t0, 0x100000
    li t1, 0x5555              # poweroff
    sw t1, 0(t0)
park:
    wfi
    j park

    .balign 4
trap:
    li t0, 0x100000
    li t1, 0x13333             # fail, code 1
    sw t1, 0(t0)
    j park
