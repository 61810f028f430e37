# Entry of the FPU comparison program: M-mode, as qemu -M virt -bios none starts it. Enables the
# FPU (mstatus.FS = Initial), runs main, then powers off through the sifive,test device.
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
    li t0, (1 << 13)
    csrs mstatus, t0
    call main
    li t0, 0x100000
    li t1, 0x5555              # poweroff
    sw t1, 0(t0)
park:
    wfi
    j park

# No trap is expected: report it and fail (sifive,test 0x3333 with code 1).
    .balign 4
trap:
    csrr a0, mcause
    csrr a1, mepc
    call report_trap
    li t0, 0x100000
    li t1, 0x13333
    sw t1, 0(t0)
    j park

    .bss
    .balign 16
    .space 16384
stack_top:
