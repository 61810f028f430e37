"""Every malformed LampVM binary gets the original's message and exit status 1, from `microvm lamp`
and from `lampvm` alike; none creates a file."""
import os
import struct
import tempfile

from harness import run, fail, passed, BUILD

LAMPVM = os.path.join(BUILD, "lampvm")
HALT = struct.pack("<Q", 0x05 << 56)


def binary(text_base=0x201C, text=HALT, data=b"", data_base=None, bss_base=None, bss_size=0,
           text_size=None, data_size=None):
    data_base = text_base + len(text) if data_base is None else data_base
    bss_base = (data_base + len(data)) & 0xFFFFFFFF if bss_base is None else bss_base
    header = struct.pack("<6I", text_base, len(text) if text_size is None else text_size, data_base,
                         len(data) if data_size is None else data_size, bss_base, bss_size)
    return header + text + data


def check(tmp, name, content, stderr_lines=(), stdout_needle=None):
    path = os.path.join(tmp, name)
    if content is not None:
        with open(path, "wb") as f:
            f.write(content)
    for command in (["lamp", "--bin", path, "--headless"], ["--bin", path]):
        r = run(command, binary=LAMPVM) if command[0] == "--bin" else run(command)
        if r.returncode != 1:
            fail(f"{name} {command[:1]}: expected exit 1, got {r.returncode}", r)
        errors = [line for line in r.stderr.splitlines() if line.strip()]
        if list(stderr_lines) != errors:
            fail(f"{name}: stderr {errors}, expected {list(stderr_lines)}", r)
        if stdout_needle and stdout_needle not in r.stdout:
            fail(f"{name}: stdout lacks {stdout_needle!r}", r)
        if "Execution complete" in r.stdout:
            fail(f"{name}: must not run", r)


with tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)  # lampvm would create ./disk.img if a VM were built
    fail_line = lambda name: f"Failed to load program from {os.path.join(tmp, name)}"
    check(tmp, "missing.bin", None, ["fopen: No such file or directory", fail_line("missing.bin")])
    check(tmp, "empty.bin", b"", ["fread: Success", fail_line("empty.bin")])
    check(tmp, "short.bin", binary()[:23], ["fread: Success", fail_line("short.bin")])
    check(tmp, "unaligned.bin", binary(text=HALT + b"\0\0\0\0"),
          ["TEXT_SIZE not aligned to 8 bytes", fail_line("unaligned.bin")])
    check(tmp, "trunc_text.bin", binary(text_size=16), ["fread: Success", fail_line("trunc_text.bin")])
    check(tmp, "trunc_data.bin", binary(data=b"abc", data_size=8), ["fread: Success", fail_line("trunc_data.bin")])
    os.mkdir(os.path.join(tmp, "dir.bin"))
    check(tmp, "dir.bin", None, ["fread: Is a directory", fail_line("dir.bin")])
    # vm_create panics: the original's panic report on stdout, exit 1.
    check(tmp, "text_outside.bin", binary(text_base=0x04000000), stdout_needle="VM panic detected. Program too large")
    check(tmp, "text_end_outside.bin", binary(text_base=0x03FFFFFC),
          stdout_needle="VM panic detected. Program too large")
    check(tmp, "pool_text.bin", binary(text_base=0x03F6FFFC),
          stdout_needle="VM panic detected. Program/data overlaps stack pool")
    check(tmp, "pool_data.bin", binary(data=b"12345678", data_base=0x03F6FFFC),
          stdout_needle="VM panic detected. Program/data overlaps stack pool")
    check(tmp, "pool_bss.bin", binary(bss_base=0x03F00000, bss_size=0x80000),
          stdout_needle="VM panic detected. Program/data overlaps stack pool")
    check(tmp, "data_outside.bin", binary(data=b"12345678", data_base=0xFFFFFFFC),
          stdout_needle="VM panic detected. Data segment out of range")
    check(tmp, "bss_outside.bin", binary(bss_base=0xFFFFFF00, bss_size=0x200),
          stdout_needle="VM panic detected. BSS segment out of range")
    # Only lampvm's compatibility disk (created when a VM is built, as the original) may appear.
    names = sorted(n for n in os.listdir(tmp) if not n.endswith(".bin"))
    if names not in ([], ["disk.img"]):
        fail(f"a failed load created files: {names}")

    # The last byte below the pool is fine: the program loads and halts.
    ok = os.path.join(tmp, "edge.bin")
    with open(ok, "wb") as f:
        f.write(binary(bss_base=0x03F6FF00, bss_size=0x100))
    r = run(["lamp", "--bin", ok, "--headless"])
    if r.returncode != 0 or "BSS clear: base=0x03F6FF00 size=256 first=0x00 last=0x00 bad_in_first_64=0" not in r.stdout:
        fail("edge of the stack pool should load", r)
    if "Layout: TEXT_BASE=0x0000201C TEXT_SIZE=8 DATA_BASE=0x00002024 DATA_SIZE=0 BSS_BASE=0x03F6FF00 BSS_SIZE=256" \
            not in r.stdout or "Loaded program from " + ok + ", 1 instructions." not in r.stdout:
        fail("loader lines", r)
passed("lamp loader")
