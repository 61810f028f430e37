; disk: reads sector 0 and prints the text found there, writes a sector to LBA 1, reads it back
; into another buffer and compares. Each transfer is an asynchronous DMA that ends with INT 2.
; Run with --disk IMAGE.
        .equ DISK_CMD, 0x10
        .equ DISK_LBA, 0x11
        .equ DISK_MEM, 0x12
        .equ DISK_COUNT, 0x13
        .equ DISK_STATUS, 0x14
        .text
start:
        movi r1, disk_isr       ; IVT[2] = disk_isr
        movi r2, 2 * 8
        store32 r1, r2, 0

        movi r5, 0              ; read LBA 0 -> sector0
        movi r6, sector0
        movi r7, 1
        call transfer
        movi r0, s_read
        call print_str
        movi r0, sector0
        call print_str

        movi r5, 1              ; write outbuf -> LBA 1
        movi r6, outbuf
        movi r7, 2
        call transfer
        movi r5, 1              ; read LBA 1 -> readback
        movi r6, readback
        movi r7, 1
        call transfer

        movi r8, 0              ; compare 512 bytes
        movi r9, outbuf
        movi r10, readback
compare:
        loadx r11, r9, r8, 0
        loadx r12, r10, r8, 0
        cmp r11, r12
        jnz mismatch
        inc r8
        cmpi r8, 512
        jnz compare
        movi r0, s_ok
        call print_str
        halt
mismatch:
        movi r0, s_bad
        call print_str
        halt

; transfer: r5 = LBA, r6 = buffer, r7 = command (1 read, 2 write); one sector, waits for INT 2
transfer:
        movi r1, done
        movi r2, 0
        store32 r2, r1, 0
        movi r2, DISK_LBA
        out r5, r2
        movi r2, DISK_MEM
        out r6, r2
        movi r3, 1
        movi r2, DISK_COUNT
        out r3, r2
        movi r2, DISK_CMD
        out r7, r2
__wait:
        ldar r2, r1, 0
        cmpi r2, 0
        jz __wait
        movi r2, DISK_STATUS    ; the worker marks the disk free before the interrupt
        in r3, r2
        ret

disk_isr:
        movi r20, done
        movi r21, 1
        stlr r21, r20, 0
        movi r20, INTC_EOI
        movi r21, 2
        store32 r21, r20, 0
        iret

        .include "lib/print.inc"

        .data
s_read: .asciz "sector 0: "
s_ok:   .asciz "readback ok\n"
s_bad:  .asciz "readback MISMATCH\n"
        .align 4
done:   .long 0
outbuf: .ascii "written by the lamp disk example\n"
        .space 512 - 33, 0x5a
        .bss
        .align 4
sector0:  .space 513             ; one more byte: the text always ends in NUL
readback: .space 512
