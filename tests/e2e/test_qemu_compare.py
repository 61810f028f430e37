"""A kernel made for `qemu-system-riscv64 -M virt -bios none` prints the same on microvm.

Each guests/compare/*.elf runs on both machines; their UART output must be identical byte for
byte, and both must power off through the sifive,test device (exit status 0). The kernels print
only what the RISC-V specifications fix and QEMU 7.2 implements the same way (see
guests/compare/README.md for what is left out and why).
"""
import glob
import os
import shutil
import subprocess
import sys

from harness import run, fail, passed, BUILD

qemu = shutil.which("qemu-system-riscv64")
if qemu is None:
    fail("qemu-system-riscv64 is missing: install qemu-system-misc (scripts/setup.sh does)")

kernels = sorted(glob.glob(os.path.join(BUILD, "guests", "compare", "*.elf")))
if not kernels:
    fail("no comparison kernels in " + os.path.join(BUILD, "guests", "compare"))

for kernel in kernels:
    name = os.path.basename(kernel)
    ours = run(["run", "--kernel", kernel, "--timeout-secs", "30"], timeout=60)
    try:
        theirs = subprocess.run([qemu, "-M", "virt", "-bios", "none", "-nographic", "-kernel", kernel],
                                stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        fail(f"{name}: QEMU did not power off within 60 s")
    qemu_out = theirs.stdout.decode("utf-8", "replace")
    if theirs.returncode != 0:
        fail(f"{name}: QEMU exited with {theirs.returncode}:\n{qemu_out[-2000:]}")
    if ours.returncode != 0:
        fail(f"{name}: microvm exited with {ours.returncode}", ours)
    if ours.stdout != qemu_out:
        ours_lines, qemu_lines = ours.stdout.splitlines(), qemu_out.splitlines()
        for i in range(max(len(ours_lines), len(qemu_lines))):
            a = ours_lines[i] if i < len(ours_lines) else "<end>"
            b = qemu_lines[i] if i < len(qemu_lines) else "<end>"
            if a != b:
                fail(f"{name}: output differs at line {i + 1}:\n  microvm: {a!r}\n  qemu:    {b!r}")
        fail(f"{name}: output differs (line endings?)")
    print(f"{name}: {len(qemu_out.splitlines())} lines, identical")
passed(f"{len(kernels)} kernels print the same on microvm and QEMU")
