; hello: the smallest useful program. Prints a greeting over the serial port and halts.
        .text
start:
        movi r0, message
        call print_str
        halt

        .include "lib/print.inc"

        .data
message:
        .asciz "Hello from Polaris!\n"
