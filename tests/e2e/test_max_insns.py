"""--max-insns counts the instructions the hart ran, whatever the guest writes to minstret."""
import os
import struct
import tempfile

from harness import run, fail, passed, BUILD

with tempfile.TemporaryDirectory() as tmp:
    # A raw image: loop { csrw minstret, zero }. Writing the counter back to zero must not keep
    # the machine from reaching the limit.
    loop = os.path.join(tmp, "loop.bin")
    with open(loop, "wb") as f:
        f.write(struct.pack("<II", 0xB0201073, 0xFFDFF06F))  # csrw minstret, x0; j .-4
    r = run(["run", "--kernel", loop, "--max-insns", "100000", "--timeout-secs", "20"], timeout=60)
    if r.returncode != 125 or "limit of 100000 instructions" not in r.stderr:
        fail("a guest that rewinds minstret should still stop at --max-insns (status 125)", r)

    # A guest that sets minstret far past the limit is not stopped early: the ISA test for the
    # counters writes 0x123456789 and then passes.
    instret_test = os.path.join(BUILD, "guests", "tests", "zicntr", "instret.elf")
    r = run(["run", "--kernel", instret_test, "--max-insns", "1000000", "--timeout-secs", "20"], timeout=60)
    if r.returncode != 0:
        fail("a guest that writes a large minstret should not hit --max-insns", r)
# The limit is exact: the hart stops after exactly N instructions, at the instruction it had reached.
for n in (1, 6, 7, 1000, 54321):
    r = run(["run", "--example", "minimal-kernel", "--max-insns", str(n)])
    if r.returncode != 125 or f"running, {n} instructions;" not in r.stderr:
        fail(f"--max-insns {n} should stop after exactly {n} instructions", r)
# The first six instructions are QEMU's reset vector at 0x1000; the seventh is the kernel's first.
r = run(["run", "--example", "minimal-kernel", "--max-insns", "6"])
if "pc=0x80000000 M-mode" not in r.stderr:
    fail("after the 6 instructions of the reset ROM the hart should be at the kernel's entry", r)
passed("max-insns")
