# Entry for every hart (M-mode at 0x80000000, as qemu -M virt -bios none -smp N starts them), and
# the M-mode timer vector that turns each machine timer interrupt into a supervisor software
# interrupt, the way xv6 does.
    .section .text.boot
    .global _start
_start:
    csrr a0, mhartid
    la sp, stacks
    addi t0, a0, 1
    slli t0, t0, 12            # 4 KiB of stack per hart
    add sp, sp, t0
    call machine_start         # drops to S-mode and never returns
1:  j 1b

# mscratch points at this hart's scratch area: [0..2] register save, [3] &mtimecmp, [4] interval.
    .balign 4
    .global timer_vector
timer_vector:
    csrrw a0, mscratch, a0
    sd a1, 0(a0)
    sd a2, 8(a0)
    sd a3, 16(a0)
    ld a1, 24(a0)              # schedule the next tick
    ld a2, 32(a0)
    ld a3, 0(a1)
    add a3, a3, a2
    sd a3, 0(a1)
    li a1, 2                   # and let S-mode know: SSIP
    csrs sip, a1
    ld a3, 16(a0)
    ld a2, 8(a0)
    ld a1, 0(a0)
    csrrw a0, mscratch, a0
    mret

# S-mode traps: save the caller-saved registers, call C, return.
    .balign 4
    .global supervisor_vector
supervisor_vector:
    addi sp, sp, -128
    sd ra, 0(sp)
    sd t0, 8(sp)
    sd t1, 16(sp)
    sd t2, 24(sp)
    sd a0, 32(sp)
    sd a1, 40(sp)
    sd a2, 48(sp)
    sd a3, 56(sp)
    sd a4, 64(sp)
    sd a5, 72(sp)
    sd a6, 80(sp)
    sd a7, 88(sp)
    sd t3, 96(sp)
    sd t4, 104(sp)
    sd t5, 112(sp)
    sd t6, 120(sp)
    call supervisor_trap
    ld ra, 0(sp)
    ld t0, 8(sp)
    ld t1, 16(sp)
    ld t2, 24(sp)
    ld a0, 32(sp)
    ld a1, 40(sp)
    ld a2, 48(sp)
    ld a3, 56(sp)
    ld a4, 64(sp)
    ld a5, 72(sp)
    ld a6, 80(sp)
    ld a7, 88(sp)
    ld t3, 96(sp)
    ld t4, 104(sp)
    ld t5, 112(sp)
    ld t6, 120(sp)
    addi sp, sp, 128
    sret

    .section .bss
    .balign 4096
stacks:
    .space 4096 * 8
