; fb: draws on the 640x480 framebuffer (0x00RRGGBB). A dark blue background, a red rectangle,
; a green line through the legacy alias at 0x00620000 and one white pixel written byte by byte.
; Look at it with --screenshot out.png (or in the window).
        .equ BLUE, 0x00102040
        .equ RED, 0x00ff0000
        .equ GREEN, 0x0000ff00
        .text
start:
        movi r1, FB_BASE        ; background: every pixel
        movi r2, BLUE
        movi r3, FB_WIDTH * FB_HEIGHT
fill:
        store32 r2, r1, 0
        addi r1, r1, 4
        subi r3, r3, 1
        jnz fill

        movi r5, 100            ; rectangle rows 100..149, columns 100..199
        movi r2, RED
rect_row:
        movi r6, FB_STRIDE
        mul r7, r5, r6
        addi r7, r7, FB_BASE + 100 * 4
        movi r8, 100
rect_col:
        store32 r2, r7, 0
        addi r7, r7, 4
        subi r8, r8, 1
        jnz rect_col
        inc r5
        cmpi r5, 150
        jnz rect_row

        movi r1, FB_ALIAS_BASE + 300 * FB_STRIDE   ; row 300 through the legacy alias
        movi r2, GREEN
        movi r3, FB_WIDTH
line:
        store32 r2, r1, 0
        addi r1, r1, 4
        subi r3, r3, 1
        jnz line

        movi r1, FB_BASE + 10 * FB_STRIDE + 10 * 4  ; pixel (10, 10), byte stores
        movi r2, 0xff
        store r2, r1, 0
        store r2, r1, 1
        store r2, r1, 2
        halt
