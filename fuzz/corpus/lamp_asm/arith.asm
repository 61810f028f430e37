; arith: integer and float arithmetic, and how the flags steer branches, including the
; original's signed-branch quirk (JGE is false whenever OF is set).
        .text
start:
        movi r0, s_mul
        call print_str
        movi r5, 7
        movi r6, 6
        mul r0, r5, r6
        call print_dec
        call print_nl

        movi r0, s_div          ; signed division truncates toward zero
        call print_str
        movi r5, -7
        movi r6, 2
        div r0, r5, r6
        call print_hex
        call print_nl

        movi r0, s_mod          ; the remainder takes the dividend's sign
        call print_str
        mod r0, r5, r6
        call print_hex
        call print_nl

        movi r0, s_shift
        call print_str
        movi r5, -16
        movi r6, 2
        sar r0, r5, r6
        call print_hex
        movi r0, s_space
        call print_str
        movi r5, 0x80000000
        shri r0, r5, 31
        call print_hex
        movi r0, s_space
        call print_str
        movi r5, 0x80000001
        roli r0, r5, 1
        call print_hex
        call print_nl

        movi r0, s_carry        ; 3 - 5 borrows: CF
        call print_str
        movi r5, 3
        cmpi r5, 5
        jc carry_set
        movi r0, s_no
        jmp carry_print
carry_set:
        movi r0, s_yes
carry_print:
        call print_str

        movi r0, s_quirk        ; 0x7fffffff + 1 sets SF and OF: JGE not taken, JL taken
        call print_str
        movi r5, 0x7fffffff
        movi r6, 1
        add r7, r5, r6
        jge quirk_ge
        movi r0, s_lt
        jmp quirk_print
quirk_ge:
        movi r0, s_ge
quirk_print:
        call print_str

        movi r0, s_float        ; (7.0 * 0.5) truncated = 3
        call print_str
        movi r5, 7
        itof r5, r5
        movi r6, 0x3f000000     ; 0.5f
        fmul r5, r5, r6
        ftoi r0, r5
        call print_dec
        call print_nl

        movi r0, s_ftoi         ; out of range: 0 and OF
        call print_str
        movi r5, 0x4f000000     ; 2^31
        ftoi r0, r5
        call print_dec
        call print_nl
        halt

        .include "lib/print.inc"

        .data
s_mul:   .asciz "7 * 6 = "
s_div:   .asciz "-7 / 2 = "
s_mod:   .asciz "-7 % 2 = "
s_shift: .asciz "shifts: "
s_space: .asciz " "
s_carry: .asciz "3 - 5 carry: "
s_yes:   .asciz "yes\n"
s_no:    .asciz "no\n"
s_quirk: .asciz "0x7fffffff + 1: "
s_ge:    .asciz "JGE taken\n"
s_lt:    .asciz "JL taken\n"
s_float: .asciz "ftoi(7.0 * 0.5) = "
s_ftoi:  .asciz "ftoi(2^31) = "
