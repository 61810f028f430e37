"""F/D and Zfh against QEMU: the fpu-compare guests run every F, D and H instruction in every rounding
mode over tables of interesting and random operands and print each result and its fflags; microvm and
qemu-system-riscv64 (-M virt -bios none, with Zfh on for the half-precision one) must print exactly
the same thing."""
import os
import re
import shutil
import subprocess

from harness import BUILD, MICROVM, fail, passed

QEMU = shutil.which("qemu-system-riscv64")
TIMEOUT = 60
# (guest, what it covers, QEMU's -cpu, the fewest operations it must run)
PROGRAMS = [
    ("fpu-compare.elf", "F/D", "rv64", 100000),
    ("fpu-compare-half.elf", "Zfh/Zfhmin", "rv64,Zfh=true", 50000),
]

if QEMU is None:
    fail("qemu-system-riscv64 is not installed (Debian package qemu-system-misc)")


def compare(elf_name, what, cpu, minimum):
    elf = os.path.join(BUILD, "guests", "fpu-compare", elf_name)
    if not os.path.exists(elf):
        fail(f"missing {elf}; build the guest_fpu_compare target")
    # Both at once: each is mostly waiting on its console.
    runs = {
        "microvm": subprocess.Popen([MICROVM, "run", "--kernel", elf, "--timeout-secs", str(TIMEOUT)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE),
        "qemu": subprocess.Popen([QEMU, "-M", "virt", "-cpu", cpu, "-bios", "none", "-nographic", "-kernel", elf],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL),
    }
    outputs = {}
    for name, proc in runs.items():
        try:
            out, err = proc.communicate(timeout=TIMEOUT + 10)
        except subprocess.TimeoutExpired:
            for other in runs.values():
                other.kill()
            fail(f"{what}: {name} did not finish within {TIMEOUT + 10} s")
        if proc.returncode != 0:
            fail(f"{what}: {name} exited with status {proc.returncode}: {err.decode(errors='replace')[-2000:]}")
        outputs[name] = out.decode("ascii", "replace").replace("\r\n", "\n")

    mine, theirs = outputs["microvm"], outputs["qemu"]
    match = re.search(r"^operations ([0-9a-f]+)$", theirs, re.MULTILINE)
    if not match:
        fail(f"{what}: QEMU's output does not end with the operation count:\n" + theirs[-2000:])
    operations = int(match.group(1), 16)
    if operations < minimum:
        fail(f"{what}: only {operations} operations ran")

    if mine != theirs:
        a, b = mine.split("\n"), theirs.split("\n")
        block, header, first, differing = "", "", None, 0
        for number, (x, y) in enumerate(zip(a, b), 1):
            if y.startswith("#"):
                block = y
            if x != y:
                differing += 1
                if first is None:
                    first, header = number, block
                    shown = (x, y)
        if first is None:
            fail(f"{what}: outputs differ in length: microvm {len(a)} lines, QEMU {len(b)} lines")
        fail(f"{what}: {differing} of {operations} operations differ; first at line {first} in block "
             f"{header!r}: microvm {shown[0]!r}, QEMU {shown[1]!r}")
    return f"{what} {operations}"


results = [compare(*program) for program in PROGRAMS]
passed(f"against QEMU, identical results and fflags: {', '.join(results)} operations")
