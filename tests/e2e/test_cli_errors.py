"""Every user mistake ends with one clear line on stderr and a non-zero exit status."""
import os
import tempfile

from harness import run, fail, passed, BUILD

def expect_error(args, status, needle):
    r = run(args)
    if r.returncode != status:
        fail(f"{args}: expected exit {status}, got {r.returncode}", r)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    if len(lines) != 1 or needle not in lines[0]:
        fail(f"{args}: expected one stderr line containing {needle!r}", r)

with tempfile.TemporaryDirectory() as tmp:
    empty = os.path.join(tmp, "empty.bin")
    open(empty, "wb").close()
    elf32 = os.path.join(tmp, "elf32")
    with open(elf32, "wb") as f:
        f.write(b"\x7fELF\x01\x01\x01" + b"\0" * 45)
    x86 = os.path.join(tmp, "x86")
    with open(x86, "wb") as f:  # a 64-bit ELF header for x86-64 with one empty segment table
        import struct
        f.write(b"\x7fELF\x02\x01\x01" + b"\0" * 9)
        f.write(struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x80000000, 64, 0, 0, 64, 56, 1, 64, 0, 0))
        f.write(struct.pack("<IIQQQQQQ", 1, 5, 0, 0x80000000, 0x80000000, 0, 0x10, 0x1000))
        f.write(b"\0" * 16)
    truncated = os.path.join(tmp, "truncated")
    with open(truncated, "wb") as f:
        f.write(b"\x7fELF\x02\x01\x01" + b"\0" * 20)
    small = os.path.join(tmp, "small.bin")
    with open(small, "wb") as f:
        f.write(b"\x13" * 16)
    big = os.path.join(tmp, "big.bin")
    with open(big, "wb") as f:
        f.truncate(20 << 20)

    expect_error(["run", "--kernel", os.path.join(tmp, "missing")], 1, "cannot open")
    expect_error(["run", "--kernel", tmp], 1, "not a regular file")
    expect_error(["run", "--kernel", empty], 1, "empty")
    expect_error(["run", "--kernel", elf32], 1, "32-bit ELF")
    expect_error(["run", "--kernel", x86], 1, "another machine")
    expect_error(["run", "--kernel", truncated], 1, "corrupt ELF")
    expect_error(["run", "--kernel", big, "--memory", "16"], 1, "larger than the machine's 16 MiB")
    expect_error(["run", "--kernel", empty, "--memory", "abc"], 1, "--memory: 'abc' is not a number")
    expect_error(["run", "--kernel", empty, "--memory", "8"], 1, "--memory 8 is out of range")
    expect_error(["run", "--kernel", empty, "--memory", "999999999"], 1, "out of range")
    expect_error(["run", "--kernel", small, "--load-addr", "0x10"], 1, "do not fit in RAM")
    expect_error(["run", "--example", "nope"], 1, "no example called 'nope'")
    # An initrd, firmware or device tree that does not fit or is not what it says.
    huge = os.path.join(tmp, "huge.img")
    with open(huge, "wb") as f:
        f.truncate(100 << 20)
    expect_error(["run", "--kernel", small, "--initrd", huge, "--memory", "64"], 1, "larger than the machine's 64 MiB")
    expect_error(["run", "--kernel", huge, "--memory", "64"], 1, "larger than the machine's 64 MiB")
    expect_error(["run", "--kernel", small, "--initrd", empty], 1, "empty")
    expect_error(["run", "--bios", os.path.join(tmp, "missing-firmware")], 1, "cannot open")
    expect_error(["run", "--bios", huge, "--memory", "64"], 1, "larger than the machine's 64 MiB")
    fourteen = os.path.join(tmp, "fourteen.img")
    with open(fourteen, "wb") as f:
        f.truncate(14 << 20)
    expect_error(["run", "--kernel", small, "--initrd", fourteen, "--memory", "16"], 1, "does not fit in RAM")
    expect_error(["run", "--kernel", small, "--cpus", "0"], 1, "--cpus 0 is out of range")
    expect_error(["run", "--kernel", small, "--cpus", "65"], 1, "--cpus 65 is out of range")
    expect_error(["run", "--kernel", small, "--jit", "maybe"], 1, "--jit maybe: give on or off")
    expect_error(["run", "--kernel", small, "--jit", "off", "--jit-audit"], 1, "not with --jit off")
    expect_error(["run", "--kernel", small, "--timeout-secs", "soon"], 1, "--timeout-secs: 'soon' is not a number")
    # (`run` with no arguments at all prints how to start: tests/e2e/test_playground.py)
    expect_error(["run", "--cpus", "2"], 1, "give exactly one of --kernel FILE or --example NAME")
    expect_error(["run", "--bogus"], 2, "--bogus")
    expect_error(["frobnicate"], 2, "frobnicate")

# A guest that runs forever is stopped by the limits, each with its own status.
r = run(["run", "--example", "minimal-kernel", "--max-insns", "1000"])
if r.returncode != 125 or "limit of 1000 instructions" not in r.stderr:
    fail("--max-insns should stop with status 125", r)
passed("cli errors")
