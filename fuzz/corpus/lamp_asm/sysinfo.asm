; sysinfo: reads the SYSINFO v2 block at 0x0074C000 and prints it. SYSINFO is MMIO, which only
; 32-bit accesses reach, so the vendor string is copied word by word into RAM before printing.
        .text
start:
        movi r10, SYSINFO_BASE
        movi r0, s_magic
        call print_str
        load32 r0, r10, 0x00
        call print_hex
        call print_nl

        movi r11, vendor
        load32 r1, r10, 0x04
        store32 r1, r11, 0
        load32 r1, r10, 0x08
        store32 r1, r11, 4
        movi r0, s_vendor
        call print_str
        movi r0, vendor
        call print_str
        call print_nl

        movi r0, s_mem
        call print_str
        load32 r0, r10, 0x14
        call print_dec
        call print_nl
        movi r0, s_cores
        call print_str
        load32 r0, r10, 0x24
        call print_dec
        call print_nl
        movi r0, s_version
        call print_str
        load32 r0, r10, 0x28
        call print_dec
        call print_nl
        movi r0, s_page
        call print_str
        load32 r0, r10, 0x38
        call print_dec
        call print_nl
        movi r0, s_features
        call print_str
        load32 r0, r10, 0x40
        call print_hex
        call print_nl
        movi r0, s_fb
        call print_str
        load32 r0, r10, 0x44
        call print_dec
        movi r0, s_x
        call print_str
        load32 r0, r10, 0x48
        call print_dec
        movi r0, s_x
        call print_str
        load32 r0, r10, 0x4c
        call print_dec
        movi r0, s_stride
        call print_str
        load32 r0, r10, 0x50
        call print_dec
        call print_nl
        halt

        .include "lib/print.inc"

        .data
s_magic:    .asciz "magic: "
s_vendor:   .asciz "vendor: "
s_mem:      .asciz "memory bytes: "
s_cores:    .asciz "cores: "
s_version:  .asciz "layout version: "
s_page:     .asciz "page size: "
s_features: .asciz "features: "
s_fb:       .asciz "framebuffer: "
s_x:        .asciz "x"
s_stride:   .asciz " stride "
        .align 4
vendor: .space 12
