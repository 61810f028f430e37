"""F/D against QEMU: the fpu-compare guest runs every F and D instruction in every rounding mode over
a table of interesting and random operands and prints each result and its fflags; microvm and
qemu-system-riscv64 (-M virt -bios none) must print exactly the same thing."""
import os
import re
import shutil
import subprocess

from harness import BUILD, MICROVM, fail, passed

ELF = os.path.join(BUILD, "guests", "fpu-compare", "fpu-compare.elf")
QEMU = shutil.which("qemu-system-riscv64")
TIMEOUT = 60

if not os.path.exists(ELF):
    fail(f"missing {ELF}; build the guest_fpu_compare target")
if QEMU is None:
    fail("qemu-system-riscv64 is not installed (Debian package qemu-system-misc)")

# Both at once: each is mostly waiting on its console.
runs = {
    "microvm": subprocess.Popen([MICROVM, "run", "--kernel", ELF, "--timeout-secs", str(TIMEOUT)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE),
    "qemu": subprocess.Popen([QEMU, "-M", "virt", "-bios", "none", "-nographic", "-kernel", ELF],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL),
}
outputs = {}
for name, proc in runs.items():
    try:
        out, err = proc.communicate(timeout=TIMEOUT + 10)
    except subprocess.TimeoutExpired:
        for other in runs.values():
            other.kill()
        fail(f"{name} did not finish within {TIMEOUT + 10} s")
    if proc.returncode != 0:
        fail(f"{name} exited with status {proc.returncode}: {err.decode(errors='replace')[-2000:]}")
    outputs[name] = out.decode("ascii", "replace").replace("\r\n", "\n")

mine, theirs = outputs["microvm"], outputs["qemu"]
match = re.search(r"^operations ([0-9a-f]+)$", theirs, re.MULTILINE)
if not match:
    fail("QEMU's output does not end with the operation count:\n" + theirs[-2000:])
operations = int(match.group(1), 16)
if operations < 100000:
    fail(f"only {operations} operations ran")

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
        fail(f"outputs differ in length: microvm {len(a)} lines, QEMU {len(b)} lines")
    fail(f"{differing} of {operations} operations differ; first at line {first} in block {header!r}: "
         f"microvm {shown[0]!r}, QEMU {shown[1]!r}")
passed(f"F/D against QEMU: {operations} operations, identical results and fflags")
