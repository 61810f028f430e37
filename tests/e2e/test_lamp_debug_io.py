"""The debugger (VM_BREAKPOINTS, VM_STEP, VM_DEBUG_PAUSE and its commands), --stats, and serial
input from the host's stdin, polled and interrupt-driven."""
import os
import subprocess
import tempfile

from harness import run, fail, passed, expect_exit, MICROVM, BUILD

HELLO = os.path.join(BUILD, "guests", "lamp", "hello.bin")


def run_env(args, env, stdin):
    full = dict(os.environ, **env)
    proc = subprocess.run([MICROVM] + args, input=stdin, capture_output=True, timeout=60, env=full)
    return type("R", (), {"returncode": proc.returncode, "stdout": proc.stdout.decode(), "stderr": proc.stderr.decode()})


hello = ["lamp", "--bin", HELLO, "--headless"]
r = run_env(hello, {"VM_BREAKPOINTS": "0x2024; 0x202c"}, b"r\nm 0x218c 16\nl\nb 0x3000\nd 0x3000\nc\nc\n")
expect_exit(r, 0)
for needle in ["[debug] pause at IP=0x00002024 op=CALL rd=0 rs1=0 rs2=0 imm=0x00002034\n",
               "r0 =0x0000218c", "ip=0x00002024 flags=0x00 csp=256 dsp=256 isp=256 in_interrupt=0\n",
               "0x0000218c: 48 65 6c 6c 6f 20 66 72 6f 6d 20 50 6f 6c 61 72\n",
               "[debug] breakpoint 0x00002024\n[debug] breakpoint 0x0000202c\n",
               "[debug] breakpoint at 0x00003000\n", "[debug] removed breakpoint at 0x00003000\n",
               "Hello from Polaris!\n[debug] pause at IP=0x0000202c op=HALT",
               "Execution complete in 107 cycles.\n"]:
    if needle not in r.stdout:
        fail(f"breakpoints: missing {needle!r}", r)

r = run_env(hello, {"VM_STEP": "yes"}, b"s\n\nq\n")
expect_exit(r, 0)
if r.stdout.count("[debug] pause at IP=") != 3 or "Hello" in r.stdout or \
        "[debug] pause at IP=0x00002034 op=MOVI" not in r.stdout or "Execution complete in 2 cycles." not in r.stdout:
    fail("stepping then quitting", r)

r = run_env(hello, {"VM_DEBUG_PAUSE": "1"}, b"c\n")
if r.stdout.count("[debug] pause at IP=") != 1 or "Hello from Polaris!" not in r.stdout:
    fail("pause before the first instruction", r)

r = run_env(hello, {"VM_DEBUG_STEP": "TRUE"}, b"")  # no input: the run goes on
if r.returncode != 0 or "Hello from Polaris!" not in r.stdout:
    fail("stepping with stdin at EOF must not hang", r)

r = run(hello + ["--stats"])
expect_exit(r, 0)
for needle in ["Execution complete in 107 cycles.\n[debug] instruction statistics:\n[debug] total instructions: 107\n",
               "[debug] HALT      0x05 1\n", "[debug] CALL      0x0A 1\n", "[debug] OUT       0x19 20\n"]:
    if needle not in r.stdout:
        fail(f"--stats: missing {needle!r}", r)

POLLED = """
        .text
start:  movi r2, 2              ; serial status: bit 0 = a byte is waiting
        movi r3, 3
        movi r4, 1
wait:   in r1, r2
        andi r1, r1, 1
        jz wait
        in r1, r3
        cmpi r1, '.'
        jz done
        cmpi r1, 'a'
        jl echo
        cmpi r1, 'z'
        jg echo
        subi r1, r1, 32
echo:   out r1, r4
        jmp wait
done:   halt
"""
INTERRUPTS = """
        .text
start:  movi r1, rx_isr         ; IVT[3] = rx_isr
        movi r2, 3 * 8
        store32 r1, r2, 0
        movi r1, 1              ; serial control bit 0: RX interrupt
        movi r2, 2
        out r1, r2
        movi r1, 3              ; bytes may have arrived before: take one round by hand
        int r1
        movi r5, got_dot
main:   ldar r6, r5, 0
        cmpi r6, 0
        jnz finish
        pause
        jmp main
finish: halt
rx_isr: movi r3, 3              ; reading port 3 clears vector 3 and re-raises it while bytes remain
        in r1, r3
        cmpi r1, 0
        jz back
        cmpi r1, '.'
        jz dot
        movi r4, 1
        out r1, r4
back:   iret
dot:    movi r5, got_dot
        movi r6, 1
        stlr r6, r5, 0
        iret
        .data
        .align 4
got_dot: .long 0
"""
with tempfile.TemporaryDirectory() as tmp:
    for name, source, want in [("polled", POLLED, "HELLO, LAMP"), ("irq", INTERRUPTS, "hello, lamp")]:
        src, binary = os.path.join(tmp, name + ".asm"), os.path.join(tmp, name + ".bin")
        with open(src, "w") as f:
            f.write(source)
        expect_exit(run(["lamp-asm", src, "-o", binary]), 0)
        r = run(["lamp", "--bin", binary, "--headless"], stdin=b"hello, lamp.", timeout=30)
        expect_exit(r, 0)
        if "Loaded VM. Starting execution.\n" + want + "Execution complete" not in r.stdout:
            fail(f"serial input ({name})", r)
passed("lamp debugger, stats and serial input")
