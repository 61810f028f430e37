; fb: draws on the 640x480 framebuffer (0x00RRGGBB). A dark blue background, a red rectangle,
; a green lini r3, FB_WIDTH * FB_HEIGHT
fill:
        store32 r2, r1, 0
 rect_row:
        movi r6666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666, FB_STRIDE
        mul r7, r5, r6
        addi r7, r7, FB_BASE + 100 * 4
        movi r8, 100
rect_col:
        store32 r2, r7, 0
        addi r7, r7, 4
        subi r8, r8, 1
        jnz rect_col
        inc r5
             jnz rect_row

        movi r1, FB_ALIAS_BASE + 300 * FB_STRADE   ; FB_BASE + 10 * FB_STRIDE + 10 * 4  ; pixel (10, 10), byte stores
        movi r2, 0xff
        store r2, r1, 0
        store r2, r1, 1
        store r2, r1, 2
        halt
