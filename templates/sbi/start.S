# Entry points of the SBI kernel. The SBI firmware starts one hart at _start in S-mode with
# a0 = its hart ID and a1 = the device tree; the kernel starts the others at _secondary with
# SBI HSM hart_start. Each hart gets its own 16 KiB stack, indexed by hart ID.
#define MAX_HARTS 8

    .section .text.boot
    .global _start
_start:
    li t0, MAX_HARTS
    bgeu a0, t0, park
    call set_stack
    la t0, __bss_start          # only the boot hart clears .bss: the others come later
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  la t0, trap_vector
    csrw stvec, t0
    call kmain                  # kmain(hartid, device_tree)
    j park

    .global _secondary
_secondary:
    li t0, MAX_HARTS
    bgeu a0, t0, park
    call set_stack
    la t0, trap_vector
    csrw stvec, t0
    call secondary_main         # secondary_main(hartid)
park:
    wfi
    j park

# sp = the top of hart a0's stack
set_stack:
    la sp, stacks
    addi t0, a0, 1
    slli t0, t0, 14
    add sp, sp, t0
    ret

# Saves the registers a C function may clobber, calls trap(), restores them.
    .balign 4
trap_vector:
    addi sp, sp, -128
    sd ra, 0(sp)
    sd t0, 8(sp)
    sd t1, 16(sp)
    sd t2, 24(sp)
    sd t3, 32(sp)
    sd t4, 40(sp)
    sd t5, 48(sp)
    sd t6, 56(sp)
    sd a0, 64(sp)
    sd a1, 72(sp)
    sd a2, 80(sp)
    sd a3, 88(sp)
    sd a4, 96(sp)
    sd a5, 104(sp)
    sd a6, 112(sp)
    sd a7, 120(sp)
    call trap
    ld ra, 0(sp)
    ld t0, 8(sp)
    ld t1, 16(sp)
    ld t2, 24(sp)
    ld t3, 32(sp)
    ld t4, 40(sp)
    ld t5, 48(sp)
    ld t6, 56(sp)
    ld a0, 64(sp)
    ld a1, 72(sp)
    ld a2, 80(sp)
    ld a3, 88(sp)
    ld a4, 96(sp)
    ld a5, 104(sp)
    ld a6, 112(sp)
    ld a7, 120(sp)
    addi sp, sp, 128
    sret

    .section .bss
    .balign 16
stacks:
    .space 16384 * MAX_HARTS
