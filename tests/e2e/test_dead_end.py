"""Dead-end diagnosis: a guest that faults with mtvec = 0 (guests/debug/fault.S) gets one clear
diagnosis instead of a silent spin, and --on-fault chooses what happens next."""
import os
import struct
import tempfile

from harness import run, fail, passed, BUILD

FAULT = os.path.join(BUILD, "guests", "debug", "fault.elf")

# stop: the diagnosis, then the run ends with status 3.
r = run(["run", "--kernel", FAULT, "--on-fault", "stop", "--timeout-secs", "30"], timeout=60)
expected = [
    "microvm: hart 0 is stuck in a trap loop: instruction access fault (cause 1) at pc 0x0 (no memory there), "
    "tval 0x0, 101 times in a row",
    "microvm:   likely reason: mtvec is 0: no trap handler was set up, so every trap jumps to address 0 and "
    "faults again",
    "microvm:   it started with: load access fault (cause 5) at pc 0x80000008 <bad_load>: ld a1,8(a0), "
    "tval 0x1000008",
    "microvm:   last traps, oldest first: 0x80000008 <bad_load> (load access fault), 0x0 (instruction access fault)",
    "microvm: stopped at the dead end (--on-fault stop)",
]
if r.returncode != 3:
    fail("--on-fault stop should end the run with status 3", r)
for line in expected:
    if line not in r.stderr.splitlines():
        fail(f"missing diagnosis line: {line!r}", r)

# report (the default): the same diagnosis once, and the machine goes on until the timeout.
r = run(["run", "--kernel", FAULT, "--timeout-secs", "2"], timeout=60)
if r.returncode != 124 or r.stderr.count("is stuck in a trap loop") != 1:
    fail("by default the diagnosis should be printed once and the run go on (to the timeout here)", r)

# ignore: nothing.
r = run(["run", "--kernel", FAULT, "--on-fault", "ignore", "--timeout-secs", "2"], timeout=60)
if r.returncode != 124 or "stuck" in r.stderr:
    fail("--on-fault ignore should print no diagnosis", r)

# A jump to itself with interrupts off (a raw image: li a0, 42; j .).
with tempfile.TemporaryDirectory() as tmp:
    spin = os.path.join(tmp, "spin.bin")
    with open(spin, "wb") as f:
        f.write(struct.pack("<II", 0x02A00513, 0x0000006F))
    r = run(["run", "--kernel", spin, "--on-fault", "stop", "--timeout-secs", "30"], timeout=60)
    if r.returncode != 3 or ("microvm: hart 0 is stuck: a jump to itself at pc 0x80000004: j 0x80000004 in M-mode"
                             not in r.stderr):
        fail("a jump to itself with interrupts off should be diagnosed", r)

r = run(["run", "--kernel", FAULT, "--on-fault", "pause"])
if r.returncode == 0 or "--on-fault: expected stop, report or ignore, got 'pause'" not in r.stderr:
    fail("a bad --on-fault value should be refused clearly", r)
passed("dead_end")
