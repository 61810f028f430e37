"""`microvm lamp --trace FILE`: one line per instruction, as `lamp-disasm` shows it, as many lines as
the run's instruction count; the filters (--trace-from/-count/-range/-cores) give exactly the lines
of the full trace they describe, and bad filter values one error each. The lamp monitor through `--monitor unix:PATH`: stop two spinning
cores, look at them, step one, disassemble, examine memory, run on and quit."""
import os
import re
import subprocess
import tempfile
import time

from harness import MICROVM, BUILD, run, fail, passed, expect_exit
from monitor_client import MonitorSocket

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

    # Filters pick exactly the lines of the full trace they describe.
    def filtered(*options):
        path = os.path.join(tmp, "filtered.txt")
        r = run(["lamp", "--headless", "--bin", HELLO, "--trace", path] + list(options))
        expect_exit(r, 0)
        if f"Execution complete in {cycles} cycles" not in r.stdout:
            fail(f"a filtered trace changes the run: {options}", r)
        with open(path) as f:
            return f.read().splitlines()
    if filtered("--trace-from", "10", "--trace-count", "5") != lines[10:15]:
        fail("--trace-from 10 --trace-count 5 is not lines 10 to 14 of the full trace")
    in_range = [line for line in lines if 0x2034 <= int(line[10:20], 16) <= 0x2054]
    if len(in_range) < 10 or filtered("--trace-range", "0x2034-0x2054") != in_range:
        fail(f"--trace-range 0x2034-0x2054: {len(in_range)} lines expected")
    if filtered("--trace-range", "0x201c") != lines[:1]:
        fail("--trace-range with one address")
    if filtered("--trace-range", "0x2034-0x2054", "--trace-from", "40", "--trace-count", "3") != \
            [line for i, line in enumerate(lines) if i >= 40 and line in in_range][:3]:
        fail("the filters together")
    if filtered("--trace-cores", "0", "--trace-from", str(cycles - 1)) != lines[-1:]:
        fail("--trace-cores 0 --trace-from N-1: the last line")
    spin4 = os.path.join(tmp, "spinlock.txt")
    r = run(["lamp", "--headless", "--bin", os.path.join(BUILD, "guests", "lamp", "spinlock.bin"), "--smp", "4",
             "--trace", spin4, "--trace-harts", "2,3"])
    expect_exit(r, 0)
    with open(spin4) as f:
        cores = {line.split()[1] for line in f}
    if cores != {"2", "3"}:
        fail(f"--trace-harts 2,3 on 4 cores traced cores {sorted(cores)}")
    for options, needle in [(["--trace-cores", "1"], "--trace-cores: there is no core 1"),
                            (["--trace-cores", "x"], "--trace-cores: 'x' is not a number"),
                            (["--trace-range", "0x30-0x20"], "--trace-range: 0x30-0x20 ends before it starts"),
                            (["--trace-count", "0"], "--trace-count: 0 would trace nothing"),
                            (["--trace-from", "-1"], "--trace-from: '-1' is not a number")]:
        r = run(["lamp", "--headless", "--bin", HELLO, "--trace", trace] + options)
        if r.returncode != 1 or needle not in r.stderr or r.stdout:
            fail(f"a bad filter {options}", r)
    r = run(["lamp", "--headless", "--bin", HELLO, "--trace-from", "10"])
    if r.returncode == 0 or "need --trace FILE" not in r.stderr or r.stdout:
        fail("a filter without --trace", r)

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
    monitor = MonitorSocket(sock)
    command = monitor.command

    def expect(pattern, text, what):
        if not re.search(pattern, text, re.MULTILINE):
            fail(f"{what}: no match for {pattern!r} in:\n{text}")

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
    monitor.conn.sendall(b"quit\n")
    out, err = proc.communicate(timeout=30)
    if proc.returncode != 0:
        fail(f"quit: exit status {proc.returncode}: {err.decode()}")

passed("lamp trace and monitor")
