# Entry and trap vector of the C++ kernel (M-mode), the same as the C kit's.
#
# Every trap saves the interrupted context into the current task's frame (mscratch points at
# it), calls trap() in C++, and resumes whatever frame trap() returns: that is the context switch.

    .section .text.boot
    .global _start
_start:
    csrr t0, mhartid
    bnez t0, park              # one hart runs the kernel; others sleep
    la sp, boot_stack_top
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  la t0, trap_vector
    csrw mtvec, t0
    call kmain
park:
    wfi
    j park

# Frame layout (see struct frame in kernel.c): x1..x31 at 8*(n-1), then mepc.
    .balign 4
    .global trap_vector
trap_vector:
    csrrw t6, mscratch, t6     # t6 = current frame, mscratch = user t6
    sd x1, 0(t6)
    sd x2, 8(t6)
    sd x3, 16(t6)
    sd x4, 24(t6)
    sd x5, 32(t6)
    sd x6, 40(t6)
    sd x7, 48(t6)
    sd x8, 56(t6)
    sd x9, 64(t6)
    sd x10, 72(t6)
    sd x11, 80(t6)
    sd x12, 88(t6)
    sd x13, 96(t6)
    sd x14, 104(t6)
    sd x15, 112(t6)
    sd x16, 120(t6)
    sd x17, 128(t6)
    sd x18, 136(t6)
    sd x19, 144(t6)
    sd x20, 152(t6)
    sd x21, 160(t6)
    sd x22, 168(t6)
    sd x23, 176(t6)
    sd x24, 184(t6)
    sd x25, 192(t6)
    sd x26, 200(t6)
    sd x27, 208(t6)
    sd x28, 216(t6)
    sd x29, 224(t6)
    sd x30, 232(t6)
    csrr t0, mscratch
    sd t0, 240(t6)             # the task's own t6
    csrr t0, mepc
    sd t0, 248(t6)
    la sp, trap_stack_top
    mv a0, t6
    call trap                  # returns the frame to resume

# Resumes the task whose frame is in a0 (kmain enters the first task this way).
    .global trap_return
trap_return:
    mv t6, a0
    csrw mscratch, t6
    ld t0, 248(t6)
    csrw mepc, t0
    ld x1, 0(t6)
    ld x2, 8(t6)
    ld x3, 16(t6)
    ld x4, 24(t6)
    ld x5, 32(t6)
    ld x6, 40(t6)
    ld x7, 48(t6)
    ld x8, 56(t6)
    ld x9, 64(t6)
    ld x10, 72(t6)
    ld x11, 80(t6)
    ld x12, 88(t6)
    ld x13, 96(t6)
    ld x14, 104(t6)
    ld x15, 112(t6)
    ld x16, 120(t6)
    ld x17, 128(t6)
    ld x18, 136(t6)
    ld x19, 144(t6)
    ld x20, 152(t6)
    ld x21, 160(t6)
    ld x22, 168(t6)
    ld x23, 176(t6)
    ld x24, 184(t6)
    ld x25, 192(t6)
    ld x26, 200(t6)
    ld x27, 208(t6)
    ld x28, 216(t6)
    ld x29, 224(t6)
    ld x30, 232(t6)
    ld x31, 240(t6)
    mret

    .section .bss
    .balign 16
    .space 8192
boot_stack_top:
    .space 8192
trap_stack_top:
