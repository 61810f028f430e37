; snapshot: state that a snapshot must carry, printed as it goes. Core 0 runs with its MMU on
; (identity map plus a page seen at VA 0x40000000), takes software interrupts and a divide-by-zero
; interrupt, recurses on the call and data stacks, and prints 24 steps; the other cores each
; compute a checksum meanwhile. At the end core 0 prints every core's checksum. The output is the
; same whatever the cores' timing, so a run restored from a snapshot taken anywhere must print
; the rest of it exactly (tests/e2e/test_lamp_snapshot.py).
        .equ ITER, 30000
        .equ STEPS, 24
        .equ PD, 0x00100000         ; page directory
        .equ PT_LOW, 0x00101000     ; 0 .. 4 MiB
        .equ PT_MMIO, 0x00102000    ; 4 .. 8 MiB (SYSINFO, INTC, MMU)
        .equ PT_POOL, 0x00103000    ; 60 .. 64 MiB (the SMP stack pool)
        .equ PT_HIGH, 0x00104000    ; VA 0x40000000
        .equ SHARED, 0x00105000     ; the page behind VA 0x40000000
        .equ VA_SHARED, 0x40000000
        .text
start:
        cpuid r10
        cmpi r10, 0
        jnz worker
        movi r1, swi_isr        ; IVT[0x40] = swi_isr
        movi r2, 0x40 * 8
        store32 r1, r2, 0
        movi r1, div0_isr       ; IVT[1] = div0_isr
        movi r2, 1 * 8
        store32 r1, r2, 0
        movi r1, 1              ; start cores 1 .. N-1
        movi r2, worker
        movi r3, SYSINFO_BASE
        load32 r13, r3, 0x24
boot:
        cmp r1, r13
        jz paging
        startap r1, r2, 0
        inc r1
        jmp boot

paging:                         ; identity maps, then VA_SHARED -> SHARED
        movi r0, PT_LOW
        movi r1, 0
        call fill_table
        movi r0, PT_MMIO
        movi r1, 0x00400000
        call fill_table
        movi r0, PT_POOL
        movi r1, 0x03C00000
        call fill_table
        movi r5, PD
        movi r6, PT_LOW | 11
        store32 r6, r5, 0
        movi r6, PT_MMIO | 11
        store32 r6, r5, 4
        movi r6, PT_POOL | 11
        store32 r6, r5, 0x0F * 4
        movi r6, PT_HIGH | 11   ; a directory entry limits its pages: present, writable, executable
        store32 r6, r5, 0x100 * 4
        movi r5, PT_HIGH
        movi r6, SHARED | 11    ; present, writable, executable
        store32 r6, r5, 0
        movi r5, MMU_BASE
        movi r6, PD
        store32 r6, r5, 8       ; ROOT
        movi r6, 1
        store32 r6, r5, 4       ; CTRL: on
        movi r0, s_mmu
        call print_str

        movi r20, VA_SHARED     ; the LCG state and the interrupt count live behind the MMU
        movi r6, 12345
        store32 r6, r20, 0
        movi r21, 0             ; step
step:
        movi r0, s_step
        call print_str
        mov r0, r21
        call print_dec
        movi r0, s_colon
        call print_str
        load32 r6, r20, 0       ; x = x * 1103515245 + 12345
        movi r7, 1103515245
        mul r6, r6, r7
        addi r6, r6, 12345
        store32 r6, r20, 0
        shri r0, r6, 16
        andi r0, r0, 0x7FFF
        call print_dec
        movi r0, s_fact
        call print_str
        andi r0, r21, 7
        addi r0, r0, 3
        call fact
        call print_dec
        call print_nl
        inti 0x40               ; counts in swi_isr
        cmpi r21, 9
        jnz no_div
        movi r8, 77
        movi r9, 0
        div r8, r8, r9          ; vector 1, taken before the next instruction
no_div:
        inc r21
        cmpi r21, STEPS
        jnz step

        movi r19, finished      ; wait for the other cores
wait_all:
        ldar r18, r19, 0
        addi r18, r18, 1
        cmp r18, r13
        jz report
        pause
        jmp wait_all
report:
        movi r22, 1
report_core:
        cmp r22, r13
        jz done
        movi r0, s_core
        call print_str
        mov r0, r22
        call print_dec
        movi r0, s_colon
        call print_str
        movi r5, sums
        shli r6, r22, 2
        loadx32 r0, r5, r6, 0
        call print_hex
        call print_nl
        inc r22
        jmp report_core
done:
        movi r0, s_swi
        call print_str
        load32 r0, r20, 4
        call print_dec
        call print_nl
        movi r5, MMU_BASE
        movi r6, 0
        store32 r6, r5, 4       ; MMU off
        halt

; fill_table: r0 = page table, r1 = first physical address; 1024 entries, present|writable|exec
fill_table:
        movi r2, 1024
__ft_loop:
        ori r3, r1, 11
        store32 r3, r0, 0
        addi r0, r0, 4
        addi r1, r1, 4096
        subi r2, r2, 1
        jnz __ft_loop
        ret

; fact: r0 = n >= 1; returns n! in r0 (recursive: the call stack and the data stack)
fact:
        cmpi r0, 1
        jle __f_one
        push r0
        subi r0, r0, 1
        call fact
        pop r1
        mul r0, r0, r1
        ret
__f_one:
        movi r0, 1
        ret

swi_isr:
        movi r2, VA_SHARED
        load32 r3, r2, 4
        inc r3
        store32 r3, r2, 4
        iret

div0_isr:
        movi r0, s_div0
        call print_str
        movi r1, INTC_EOI
        movi r2, 1
        store32 r2, r1, 0
        iret

worker:                         ; sum = sum * 31 + (i ^ core) for i < ITER
        cpuid r10
        movi r11, 0
        movi r12, 0
        movi r14, 31
__w_loop:
        mul r11, r11, r14
        xor r15, r12, r10
        add r11, r11, r15
        inc r12
        cmpi r12, ITER
        jnz __w_loop
        movi r5, sums
        shli r6, r10, 2
        storex32 r11, r5, r6, 0
        movi r19, finished
        movi r15, 1
        xadd r18, r19, r15, 0
park:
        pause
        jmp park

        .include "lib/print.inc"

        .data
s_mmu:   .asciz "mmu on\n"
s_step:  .asciz "step "
s_colon: .asciz ": "
s_fact:  .asciz " fact "
s_div0:  .asciz "[divide by zero]\n"
s_core:  .asciz "core "
s_swi:   .asciz "software interrupts: "
        .align 4
finished: .long 0
sums:     .space 256
