; The first lamp program: greet over the serial port, read the machine's description from
; SYSINFO, and halt.
        .text
start:
        movi r0, s_hello        ; r0 = the address of the string (a label in .data)
        call print_str          ; call pushes the return address on the call stack

        movi r5, SYSINFO_BASE   ; SYSINFO: read-only registers that describe the machine
        load32 r6, r5, 0        ; +0x00: the magic number "VMI1"
        movi r0, s_magic
        call print_str
        mov r0, r6
        call print_hex
        call print_nl

        movi r0, s_memory
        call print_str
        load32 r0, r5, 0x14     ; +0x14: RAM size in bytes
        movi r1, 1048576
        div r0, r0, r1          ; ... in MiB
        call print_dec
        movi r0, s_mib
        call print_str

        movi r0, s_cores
        call print_str
        load32 r0, r5, 0x24     ; +0x24: the number of cores
        call print_dec
        call print_nl
        halt                    ; stops every core; microvm exits with status 0

        .include "lib/print.inc"

        .data
s_hello:  .asciz "Hello from Polaris!\n"
s_magic:  .asciz "SYSINFO magic: "
s_memory: .asciz "memory: "
s_mib:    .asciz " MiB\n"
s_cores:  .asciz "cores: "
