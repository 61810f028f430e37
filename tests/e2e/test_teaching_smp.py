"""A teaching kernel made for `qemu -M virt -bios none -smp 3` (xv6's boot and timer scheme, written
here) boots all three harts on microvm, passes its own tests, and prints exactly what it prints on
QEMU; and the same again with --deterministic."""
import os
import shutil
import subprocess

from harness import run, expect_exit, expect_lines, fail, passed, BUILD

kernel = os.path.join(BUILD, "guests", "teaching-smp", "kernel.elf")
lines = ["teaching-smp: harts running: 3", "teaching-smp: every hart on Sv39: yes",
         "teaching-smp: locked counter: 60000 (right)", "teaching-smp: every hart took timer ticks",
         "teaching-smp: all tests passed"]
mine = run(["run", "--cpus", "3", "--kernel", kernel, "--timeout-secs", "60"])
expect_exit(mine, 0)
expect_lines(mine, lines)
det = run(["run", "--cpus", "3", "--deterministic", "--kernel", kernel, "--timeout-secs", "60"])
expect_exit(det, 0)
expect_lines(det, lines)

qemu = shutil.which("qemu-system-riscv64")
if not qemu:
    fail("qemu-system-riscv64 is missing: install qemu-system-misc (scripts/setup.sh does)")
theirs = subprocess.run([qemu, "-M", "virt", "-smp", "3", "-bios", "none", "-nographic", "-kernel", kernel],
                        capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
qemu_out = theirs.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
if theirs.returncode != 0 or qemu_out != mine.stdout:
    fail(f"QEMU (status {theirs.returncode}) printed something else:\n{qemu_out}", mine)
passed("teaching SMP kernel, same as on QEMU")
