# Entry for the SMP tests: every hart starts here (as on QEMU with -bios none), takes its own
# stack and calls hart_main(hartid). A trap nobody expected fails the test.
    .section .text.init
    .global _start
_start:
    csrr a0, mhartid
    la sp, stacks_end
    slli t0, a0, 13            # 8 KiB per hart
    sub sp, sp, t0
    la t0, trap_entry
    csrw mtvec, t0
    call hart_main
1:  wfi
    j 1b

    .balign 4
trap_entry:
    # Harts spend the test in M-mode; the only expected trap is the ecall of the
    # "a trap clears the reservation" case, which returns past itself.
    csrr t0, mcause
    li t1, 11
    bne t0, t1, 2f
    csrr t0, mepc
    addi t0, t0, 4
    csrw mepc, t0
    mret
2:  csrr a0, mcause
    call unexpected_trap
3:  j 3b

    .bss
    .balign 16
    .space 8192 * 64
stacks_end:
