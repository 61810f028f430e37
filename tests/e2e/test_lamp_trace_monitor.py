"""`microvm lamp --trace FILE`: one line per instruction, as `lamp-disasm` shows it, as many lines as
the run's instruction count. The lamp monitor through `--monitor unix:PATH`: stop two spinning
cores, look at them, step one, disassemble, examine memory, run on and quit."""
import os
import re
import socket
import subprocess
import tempfile
import time

from harness import MICROVM, BUILD, run, fail, passed, expect_exit

HELLO = os.path.join(BUILD, "guests", "lamp", "hello.bin")
SPIN = """
        .text
start:  movi r1, 1
        movi r2, ap
        startap r1, r2, 0
        movi r5, 0
spin0:  inc r5
        jmp spin0
ap:     movi r6, 0
spin1:  inc r6
        jmp spin1
"""

with tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)
    trace = os.path.join(tmp, "trace.txt")
    r = run(["lamp", "--headless", "--bin", HELLO, "--trace", trace])
    expect_exit(r, 0)
    cycles = int(re.search(r"Execution complete in (\d+) cycles", r.stdout).group(1))
    with open(trace) as f:
        lines = f.read().splitlines()
    if len(lines) != cycles:
        fail(f"{len(lines)} trace lines for {cycles} instructions")
    listing = {}
    for line in run(["lamp-disasm", HELLO]).stdout.splitlines():
        m = re.match(r"0x([0-9a-f]{8}): ([0-9a-f]{16})  (.*)", line)
        if m:
            listing[int(m.group(1), 16)] = f"{m.group(2)}  {m.group(3)}"
    for line in lines:
        m = re.fullmatch(r"core 0 ip=0x([0-9a-f]{8}) (.*)", line)
        if not m or listing.get(int(m.group(1), 16)) != m.group(2):
            fail(f"trace line {line!r} is not the listing's")
    if not lines[0].startswith("core 0 ip=0x0000201c ") or not lines[-1].endswith("  halt"):
        fail(f"first and last trace lines: {lines[0]!r} {lines[-1]!r}")
    r = run(["lamp", "--headless", "--bin", HELLO, "--trace", os.path.join(tmp, "no", "such", "dir")])
    if r.returncode != 1 or "--trace" not in r.stderr or r.stdout:
        fail("a trace file that cannot be created", r)

    src = os.path.join(tmp, "spin.asm")
    binary = os.path.join(tmp, "spin.bin")
    with open(src, "w") as f:
        f.write(SPIN)
    subprocess.run([MICROVM, "lamp-asm", src, "-o", binary], check=True)
    sock = os.path.join(tmp, "monitor.sock")
    proc = subprocess.Popen([MICROVM, "lamp", "--headless", "--bin", binary, "--smp", "2", "--monitor",
                             "unix:" + sock], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not os.path.exists(sock):
        if time.monotonic() > deadline:
            fail("no monitor socket")
        time.sleep(0.05)
    conn = socket.socket(socket.AF_UNIX)
    conn.connect(sock)
    conn.settimeout(30)
    received = b""

    def command(line):
        global received
        if line is not None:
            conn.sendall(line.encode() + b"\n")
        while not received.endswith(b"(microvm) "):
            chunk = conn.recv(4096)
            if not chunk:
                fail(f"the monitor closed the connection after {line!r}")
            received += chunk
        reply = received.decode()[: -len("(microvm) ")]
        received = b""
        return reply

    def expect(pattern, text, what):
        if not re.search(pattern, text, re.MULTILINE):
            fail(f"{what}: no match for {pattern!r} in:\n{text}")

    command(None)
    expect(r"info cores", command("help"), "help")
    deadline = time.monotonic() + 30
    while not re.search(r"core 1: ip=0x0000(2054|205c) running", command("info cores")):  # both spin
        if time.monotonic() > deadline:
            fail("core 1 never reached its loop")
        time.sleep(0.05)
    expect(r"^stopped; core 0 at ip=0x0000(203c|2044)$", command("stop"), "stop")
    cores = command("info cores")
    expect(r"^core 0: ip=0x0000(203c|2044) running, \d+ instructions\ncore 1: ip=0x0000(2054|205c) running, \d+ "
           r"instructions\n$", cores, "info cores")
    expect(r"^core 1 selected$", command("core 1"), "core 1")
    regs = command("info regs")
    r6 = int(re.search(r"r6  = 0x([0-9a-f]{8})", regs).group(1), 16)
    if r6 == 0:
        fail(f"core 1 ran before the stop:\n{regs}")
    before = re.search(r"ip = 0x([0-9a-f]{8})", regs).group(1)
    after = command("step 2")  # INC then JMP, or JMP then INC: the same place again
    expect(rf"^core 1 at ip=0x{before}: ", after, "step 2")
    r6_after = int(re.search(r"r6  = 0x([0-9a-f]{8})", command("info regs")).group(1), 16)
    if r6_after != r6 + 1:
        fail(f"two steps of the loop add one to r6: {r6:#x} -> {r6_after:#x}")
    expect(r"^0x0000201c: [0-9a-f]{16}  movi r1, 1\n0x00002024: [0-9a-f]{16}  movi r2, ", command("disasm 0x201c 2"),
           "disasm")
    with open(binary, "rb") as f:
        word = int.from_bytes(f.read()[24:28], "little")
    expect(rf"^0x0000201c: 0x{word:08x} 0x", command("x 0x201c 2"), "x")
    expect(r"^running$", command("cont"), "cont")
    expect(r"^unknown command: frob", command("frob"), "a bad command")
    conn.sendall(b"quit\n")
    out, err = proc.communicate(timeout=30)
    if proc.returncode != 0:
        fail(f"quit: exit status {proc.returncode}: {err.decode()}")

passed("lamp trace and monitor")
