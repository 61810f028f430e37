"""lamp-asm assembles the toolchain syntax (every opcode, labels, sections, directives, macros,
expressions) and lamp-disasm prints it back; bad input is one error line naming file:line."""
import os
import struct
import tempfile

from harness import run, fail, passed

EVERY_OPCODE = """
; one of each, in opcode order (0x01..0x60)
        .text
top:    add r1, r2, r3
        sub r4, r5, r6
        mul r7, r8, r9
        div r10, r11, r12
        halt
        jmp top
        jz top
        push r13
        pop r14
        call top
        ret
        load r1, r2, 3
        load32 r1, r2, -4
        loadx32 r1, r2, r3, 8
        store r1, r2, 1
        store32 r1, r2, 0x40
        storex32 r1, r2, r3, 12
        cmp r1, r2
        cmpi r1, -1
        mov r0, r0
        movi r31, 0x12345678
        memset r1, r2, 100
        memcpy r1, r2, 200
        in r1, r2
        out r1, r2
        int r3
        iret
        mod r1, r2, r3
        and r1, r2, r3
        or r1, r2, r3
        xor r1, r2, r3
        not r1, r2
        shl r1, r2, r3
        shr r1, r2, r3
        sar r1, r2, r3
        jnz top
        jg top
        jge top
        jl top
        jle top
        jc top
        jnc top
        fadd r1, r2, r3
        fsub r1, r2, r3
        fmul r1, r2, r3
        fdiv r1, r2, r3
        fneg r1, r2
        fabs r1, r2
        fsqrt r1, r2
        fcmp r1, r2
        itof r1, r2
        ftoi r1, r2
        fload32 r1, r2, 4
        fstore32 r1, r2, 4
        inc r1
        addi r1, r2, 5
        subi r1, r2, 5
        andi r1, r2, 0xff
        ori r1, r2, 0x100
        xori r1, r2, 0x55
        shli r1, r2, 3
        shri r1, r2, 3
        cas r1, r2, r3, 0
        xadd r1, r2, r3, 4
        xchg r1, r2, r3, 8
        ldar r1, r2, 0
        stlr r1, r2, 0
        fence
        pause
        startap r1, r2, 0
        ipi r1, r2
        cpuid r1
        callr r5
        rjmp top
        rcall later
        rjz top
        rjnz later
        rol r1, r2, r3
        ror r1, r2, r3
        roli r1, r2, 7
        rori r1, r2, 7
        load16 r1, r2, 2
        store16 r1, r2, 2
        loads8 r1, r2, 1
        loads16 r1, r2, 2
        rjg top
        rjge later
        rjl top
        rjle later
        rjc top
        rjnc later
        inti 0x80
        loadx r1, r2, r3, 1
        loadx16 r1, r2, r3, 2
        storex r1, r2, r3, 1
later:  storex16 r1, r2, r3, 2
"""

with tempfile.TemporaryDirectory() as tmp:
    def path(name):
        return os.path.join(tmp, name)

    def write(name, text):
        with open(path(name), "w") as f:
            f.write(text)
        return path(name)

    def assemble(name, text, *extra):
        r = run(["lamp-asm", write(name, text), "-o", path(name + ".bin"), *extra])
        if r.returncode != 0:
            fail(f"{name}: lamp-asm failed", r)
        return open(path(name + ".bin"), "rb").read()

    def words(binary):
        text_size = struct.unpack("<I", binary[4:8])[0]
        return [struct.unpack("<Q", binary[24 + i:32 + i])[0] for i in range(0, text_size, 8)]

    # Every opcode, in order; the disassembly assembles back to the same bytes.
    image = assemble("every.asm", EVERY_OPCODE)
    insns = words(image)
    if [w >> 56 for w in insns] != list(range(1, 0x61)):
        fail(f"opcodes in order 1..0x60, got {[hex(w >> 56) for w in insns]}")
    base = 0x201C
    if insns[0] != 0x0101020300000000 or insns[12] != 0x0D010200FFFFFFFC:
        fail(f"encoding of add/load32: {insns[0]:#x} {insns[12]:#x}")
    if insns[0x4A - 1] & 0xFFFFFFFF != (base - (base + 8 * 0x49)) & 0xFFFFFFFF:
        fail("rjmp top: imm is the distance back to top")
    if insns[0x4B - 1] & 0xFFFFFFFF != 8 * (0x60 - 0x4B):
        fail("rcall later: imm is the distance forward to later")
    r = run(["lamp-disasm", path("every.asm.bin")])
    if r.returncode != 0:
        fail("lamp-disasm", r)
    lines = r.stdout.splitlines()
    if lines[0] != "; TEXT_BASE=0x0000201C TEXT_SIZE=768 DATA_BASE=0x0000231C DATA_SIZE=0 BSS_BASE=0x0000231C BSS_SIZE=0":
        fail("disasm header", r)
    if lines[1] != "0x0000201c: 0101020300000000  add r1, r2, r3" or \
            lines[0x4A] != "0x00002264: 4a000000fffffdb8  rjmp 0x201c":
        fail("disasm lines", r)
    again = assemble("again.asm", ".text\n" + "\n".join(line.split("  ", 1)[1] for line in lines[1:]))
    if again != image:
        fail("the disassembly does not assemble back to the same binary")

    # Sections, data directives, macros and expressions.
    image = assemble("data.asm", """
        .equ COUNT, 3
        WIDTH = 2 + 3 * 4         ; 14: * binds tighter than +
        .text
start:  movi r1, message
        movi r2, (WIDTH - 4) / 2  ; 5
        movi r3, table + COUNT * 4
        jz r1, start              ; LLVM style: a dummy register before the target
        .align 64                 ; pads with MOV r0, r0 up to offset 64
        movi r4, end_of_bss - zeros
        halt
        .section .rodata
message: .asciz "hi\\n\\t\\"x\\"\\\\"
        .word 0x1234, -1
        .byte 1, 2, 'A'
        .align 4
table:  .long 10, 20, 30, table
        .data
        .ascii "ab"
        .space 3, 0x7
        .bss
zeros:  .space 16
        .comm buffer, 100, 8
end_of_bss:
""", "-D", "UNUSED=5")
    tb, ts, db, ds, bb, bs = struct.unpack("<6I", image[:24])
    if (tb, ts) != (0x201C, 80) or db != tb + ts or bb != db + ds or bs != 16 + 100 or ds != 37:
        fail(f"layout {tb:#x} {ts} {db:#x} {ds} {bb:#x} {bs}")
    insns = words(image)
    data = image[24 + ts:]
    if insns[0] & 0xFFFFFFFF != db or insns[1] & 0xFFFFFFFF != 5 or insns[3] != (0x07 << 56) | 0x201C:
        fail(f"immediates {[hex(w) for w in insns]}")
    if insns[2] & 0xFFFFFFFF != db + 16 + 12 or insns[4:8] != [0x14 << 56] * 4 or insns[8] != 0x1504000000000074:
        fail(f"table/align/bss {[hex(w) for w in insns]}")
    if data[:16] != b'hi\n\t"x"\\\0\x34\x12\xff\xff\x01\x02A' or \
            data[16:32] != struct.pack("<4I", 10, 20, 30, db + 16) or data[32:] != b"ab\x07\x07\x07":
        fail(f"data bytes {data!r}")

    # PROGRAM_BASE and register names come from -D and the toolchain config.
    cfg = write("config.yml", 'reg_count: 8\nreg_prefix: "r"\nmacros:\n  PROGRAM_BASE: 0x3000\n  MEM_SIZE: 0x4000000\n')
    image = assemble("base.asm", ".text\nmovi r7, MEM_SIZE\nhalt\n", "--config", cfg)
    if struct.unpack("<I", image[:4])[0] != 0x3000:
        fail("PROGRAM_BASE from the config")
    image = assemble("base2.asm", ".text\nhalt\n", "-D", "PROGRAM_BASE=0x4000")
    if struct.unpack("<I", image[:4])[0] != 0x4000:
        fail("PROGRAM_BASE from -D")

    errors = [
        ("frob r1, r2", "unknown instruction 'frob'"),
        ("add r1, r2", "ADD takes 3 operands (rd, rs1, rs2), got 2"),
        ("movi r32, 1", "register 'r32' does not exist (there are 32)"),
        ("movi x1, 1", "expected a register (r0..r31), got 'x1'"),
        ("jmp nowhere", "undefined symbol 'nowhere'"),
        ("movi r1, 0x100000000", "does not fit in 32 bits"),
        ("movi r1, (1 + 2", "missing ')'"),
        ("movi r1, 4 / 0", "division by zero"),
        (".data\nhalt", "instructions are only allowed in .text"),
        (".bss\n.long 5", "initialised data is not allowed in .bss"),
        ("x: halt\nx: halt", "'x' is defined twice"),
        (".frob 1", "unknown directive '.frob'"),
        (".byte 300", "does not fit in .byte"),
        (".ascii \"\\q\"", "unknown escape"),
        (".include \"missing.inc\"", "cannot open included file"),
    ]
    for source, message in errors:
        src = write("bad.asm", "; a comment line\n" + source + "\n")
        r = run(["lamp-asm", src, "-o", path("bad.bin")])
        lines = [line for line in r.stderr.splitlines() if line.strip()]
        line_no = 2 + source.count("\n")
        if r.returncode != 1 or len(lines) != 1 or not lines[0].startswith(f"{src}:{line_no}: error: ") \
                or message not in lines[0]:
            fail(f"{source!r}: expected one line '{src}:{line_no}: error: ...{message}...'", r)
    r = run(["lamp-asm", path("missing.asm"), "-o", path("x.bin")])
    if r.returncode != 1 or r.stderr.strip() != f"{path('missing.asm')}: error: cannot open file":
        fail("missing input", r)
    r = run(["lamp-disasm", path("bad.asm")])
    if r.returncode != 1 or "is not a LampVM binary" not in r.stderr:
        fail("disasm of a non-binary", r)
passed("lamp asm")
