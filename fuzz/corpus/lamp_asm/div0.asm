; div0: division by zero leaves the destination alone and raises vector 1 as a pending interrupt,
; taken before the next instruction. The handler reports it and acknowledges with EOI 1.
        .text
start:
        movi r1, div0_isr       ; IVT[1] = div0_isr
        movi r2, 1 * 8
        store32 r1, r2, 0
        movi r5, 1234
        movi r6, 0
        movi r7, 99
        div r7, r5, r6
        movi r0, s_after
        call print_str
        mov r0, r7
        call print_dec
        call print_nl
        mod r7, r5, r6
        movi r0, s_count
        call print_str
        movi r1, count
        load32 r0, r1, 0
        call print_dec
        call print_nl
        halt

div0_isr:                       ; every register is restored by IRET
        movi r0, s_trap
        call print_str
        movi r1, count
        load32 r2, r1, 0
        inc r2
        store32 r2, r1, 0
        movi r1, INTC_EOI
        movi r2, 1
        store32 r2, r1, 0
        iret

        .include "lib/print.inc"

        .data
s_trap:  .asciz "divide by zero trapped\n"
s_after: .asciz "r7 after div: "
s_count: .asciz "traps: "
        .align 4
count:  .long 0
