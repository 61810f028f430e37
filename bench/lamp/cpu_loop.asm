; A CPU-bound Polaris loop for the interpreter benchmark: every core runs ITER iterations of a
; 6-instruction body (ALU, shifts, a compare-free counted branch). The BSP starts all cores listed
; in SYSINFO, waits for them, and halts.
        .text
start:
        cpuid r10
        cmpi r10, 0
        jnz work
        movi r1, 1
        movi r2, work
        movi r3, SYSINFO_BASE
        load32 r3, r3, 0x24
boot:
        cmp r1, r3
        jz work
        startap r1, r2, 0
        inc r1
        jmp boot
work:
        movi r4, ITER
        movi r5, 0
        movi r6, 3
loop:
        add r5, r5, r6
        xori r5, r5, 0x55
        shli r7, r5, 3
        sub r5, r7, r5
        subi r4, r4, 1
        jnz loop
        movi r19, finished
        movi r15, 1
        xadd r18, r19, r15, 0
        cpuid r10
        cmpi r10, 0
        jnz park
        movi r3, SYSINFO_BASE
        load32 r3, r3, 0x24
wait:
        ldar r18, r19, 0
        cmp r18, r3
        jz done
        pause
        jmp wait
done:
        halt
park:
        pause
        jmp park

        .data
        .align 4
finished: .long 0
