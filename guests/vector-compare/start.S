# Entry of the vector comparison program: M-mode, as qemu -M virt -bios none starts it. Turns
# the FPU and the vector unit on (mstatus.FS and VS = Initial), runs main, powers off through
# the sifive,test device. Traps go to `trap`, which records them for main and goes on.
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
    la t0, trap_record
    csrw mscratch, t0
    li t0, (1 << 13) | (1 << 9)
    csrs mstatus, t0
    call main
    li t0, 0x100000
    li t1, 0x5555              # poweroff
    sw t1, 0(t0)
park:
    wfi
    j park

# trap_record: 0 saved t5, 8 mcause, 16 mtval, 24 mode, 32 vstart, 40 count.
# Mode 0 skips the trapping instruction; mode 1 sets a2 (a stride) to 0 and runs the
# instruction again, which resumes at vstart.
    .balign 4
trap:
    csrrw t6, mscratch, t6
    sd t5, 0(t6)
    csrr t5, mcause
    sd t5, 8(t6)
    csrr t5, mtval
    sd t5, 16(t6)
    csrr t5, mstatus           # vstart is readable only while mstatus.VS is on
    srli t5, t5, 9
    andi t5, t5, 3
    beqz t5, 5f
    csrr t5, vstart
5:  sd t5, 32(t6)
    ld t5, 40(t6)
    addi t5, t5, 1
    sd t5, 40(t6)
    ld t5, 24(t6)
    bnez t5, 3f
    csrr t5, mepc
    addi t5, t5, 4
    csrw mepc, t5
    j 4f
3:  li a2, 0
    sd zero, 24(t6)
4:  ld t5, 0(t6)
    csrrw t6, mscratch, t6
    mret

    .bss
    .balign 16
    .global trap_record
trap_record:
    .space 64
    .space 16384
stack_top:
