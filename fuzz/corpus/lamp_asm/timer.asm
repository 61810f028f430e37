; timer: a 1 ms periodic timer (TIME MMIO) raises vector 4; the handler counts ticks, records the
; vector it saw in r31 and acknowledges with EOI. After 5 ticks the main loop stops the timer.
        .text
start:
        movi r1, timer_isr      ; IVT[4] = timer_isr
        movi r2, 4 * 8
        store32 r1, r2, 0
        movi r1, TIME_BASE
        movi r2, 1000           ; period in microseconds
        store32 r2, r1, 0
        movi r3, ticks
wait:
        ldar r4, r3, 0
        cmpi r4, 5
        jl wait
        movi r2, 0              ; period 0 stops the timer
        store32 r2, r1, 0

        movi r0, s_ticks
        call print_str
        movi r0, s_vector
        call print_str
        movi r3, seen_vector
        load32 r0, r3, 0
        call print_dec
        call print_nl
        halt

timer_isr:
        movi r20, ticks
        load32 r21, r20, 0
        inc r21
        store32 r21, r20, 0
        movi r20, seen_vector
        store32 r31, r20, 0     ; r31 holds the vector number
        movi r20, INTC_EOI      ; without EOI the interrupt stays pending and re-enters
        movi r21, 4
        store32 r21, r20, 0
        iret

        .include "lib/print.inc"

        .data
s_ticks:  .asciz "timer: 5 ticks\n"
s_vector: .asciz "handler vector: "
        .align 4
ticks:       .long 0
seen_vector: .long 0
