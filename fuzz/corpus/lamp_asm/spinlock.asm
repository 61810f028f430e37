; spinlock: every core adds 1 to a plain counter under a CAS spinlock, and to a second counter with
; XADD, ITER times. The BSP starts the APs, waits until all are done and prints both counters.
; Run with --smp 4: both print 4 * ITER.
        .equ ITER, 2000
        .text
start:
        cpuid r10
        cmpi r10, 0
        jnz worker
        movi r1, 1              ; the BSP starts cores 1 .. N-1
        movi r2, worker
        movi r3, SYSINFO_BASE
        load32 r3, r3, 0x24     ; SYSINFO: number of cores
boot:
        cmp r1, r3
        jz worker
        startap r1, r2, 0
        inc r1
        jmp boot

worker:
        movi r11, lock
        movi r12, plain_counter
        movi r13, atomic_counter
        movi r14, ITER
        movi r15, 1
again:
        movi r16, 0             ; acquire: CAS 0 -> 1
        cas r16, r11, r15, 0
        jz locked
        pause
        jmp again
locked:
        load32 r17, r12, 0      ; a plain read-modify-write, safe only under the lock
        addi r17, r17, 1
        store32 r17, r12, 0
        movi r16, 0
        stlr r16, r11, 0        ; release
        xadd r18, r13, r15, 0
        subi r14, r14, 1
        jnz again

        movi r19, finished
        xadd r18, r19, r15, 0
        cpuid r10
        cmpi r10, 0
        jnz park
wait_all:
        ldar r18, r19, 0
        cmp r18, r3
        jz report
        pause
        jmp wait_all
report:
        movi r0, s_plain
        call print_str
        load32 r0, r12, 0
        call print_dec
        call print_nl
        movi r0, s_atomic
        call print_str
        load32 r0, r13, 0
        call print_dec
        call print_nl
        halt
park:
        pause
        jmp park

        .include "lib/print.inc"

        .data
s_plain:  .asciz "locked counter: "
s_atomic: .asciz "xadd counter: "
        .align 4
lock:           .long 0
plain_counter:  .long 0
atomic_counter: .long 0
finished:       .long 0
