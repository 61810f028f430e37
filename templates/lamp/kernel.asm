; A small lamp kernel in Polaris assembly (the machine: docs/lamp.md). It shows:
;   - an interrupt handler in the IVT, and the periodic timer (TIME) that drives it
;   - SMP bring-up: the boot core (BSP) starts every other core with STARTAP
;   - a spinlock (CAS to take it, STLR to release it) guarding a shared counter
; then halts. Build: make (or microvm build); run: microvm run, or microvm lamp --bin kernel.bin --smp 4
        .equ ITER, 1000         ; lock/unlock rounds per core
        .equ TICKS, 3
        .text
start:
        cpuid r10
        cmpi r10, 0
        jnz worker              ; every core but the BSP goes straight to work
        movi r0, s_hello
        call print_str
        movi r3, SYSINFO_BASE
        load32 r0, r3, 0x24     ; SYSINFO: the number of cores
        call print_dec
        call print_nl

        movi r1, 1              ; start cores 1 .. N-1 at `worker`
        movi r2, worker
        movi r3, SYSINFO_BASE
        load32 r3, r3, 0x24
        movi r0, cores
        store32 r3, r0, 0
boot:
        cmp r1, r3
        jz worker               ; the BSP works too
        startap r1, r2, 0
        inc r1
        jmp boot

; Every core: ITER times, take the lock, add 1 to the counter with a plain load and store (safe
; only under the lock), release it. Then count itself as finished.
worker:
        movi r11, lock
        movi r12, counter
        movi r14, ITER
        movi r15, 1
acquire:
        movi r16, 0
        cas r16, r11, r15, 0    ; if lock == 0 then lock = 1 (Z set on success)
        jz locked
        pause
        jmp acquire
locked:
        load32 r17, r12, 0
        addi r17, r17, 1
        store32 r17, r12, 0
        movi r16, 0
        stlr r16, r11, 0        ; release: the counter's store is visible before the lock is free
        subi r14, r14, 1
        jnz acquire

        movi r19, finished
        xadd r18, r19, r15, 0
        cpuid r10
        cmpi r10, 0
        jnz park

        movi r3, cores          ; the BSP waits for every core
        load32 r3, r3, 0
wait_all:
        ldar r18, r19, 0
        cmp r18, r3
        jz report
        pause
        jmp wait_all
report:
        movi r0, s_counter
        call print_str
        load32 r0, r12, 0
        call print_dec
        call print_nl

        movi r1, timer_isr      ; IVT[4] = the timer's handler
        movi r2, 4 * 8
        store32 r1, r2, 0
        movi r1, TIME_BASE
        movi r2, 1000           ; a tick every 1000 microseconds
        store32 r2, r1, 0
        movi r3, ticks
wait_ticks:
        ldar r4, r3, 0
        cmpi r4, TICKS
        jl wait_ticks
        movi r2, 0              ; period 0 stops the timer
        store32 r2, r1, 0
        movi r0, s_done
        call print_str
        halt
park:
        pause
        jmp park

; The machine saves every register and the flags on entry and IRET restores them, so the handler
; may use any register.
timer_isr:
        movi r20, ticks
        load32 r21, r20, 0
        inc r21
        store32 r21, r20, 0
        movi r0, s_tick
        call print_str
        mov r0, r21
        call print_dec
        call print_nl
        movi r20, INTC_EOI      ; acknowledge, or the interrupt stays pending and re-enters
        movi r21, 4
        store32 r21, r20, 0
        iret

        .include "lib/print.inc"

        .data
s_hello:   .asciz "lamp kernel: cores = "
s_counter: .asciz "[smp] every core is up; counter under the spinlock = "
s_tick:    .asciz "[timer] tick "
s_done:    .asciz "[kernel] done, halting\n"
        .align 4
lock:     .long 0
counter:  .long 0
finished: .long 0
cores:    .long 0
ticks:    .long 0
