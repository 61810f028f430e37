"""gdb-multiarch against Linux: stopped at the Image's entry (0x80200000, MMU off, --gdb-wait), a
breakpoint on start_kernel (a kernel virtual address, MMU on), continue, then a backtrace.

The Image carries no symbols. start_kernel's address is read from /proc/kallsyms in a first boot
of the same Image (built without KASLR and not relocatable, so the address is the same on every
boot); the second boot runs under GDB."""
import re

from gdbharness import Machine, run_gdb
from harness import Session, fail, linux_images, passed

image, initrd = linux_images()
ENTRY = 0x80200000

s = Session(["run", "--kernel", image, "--initrd", initrd, "--cmdline", "console=ttyS0", "--timeout-secs", "120"])
s.expect(r"MICROVM-GUEST: shell ready")
s.send("grep -w start_kernel /proc/kallsyms\n")
start_kernel = int(s.expect(r"^([0-9a-f]{16}) T start_kernel", timeout=30).group(1), 16)
s.send("poweroff -f\n")
s.finish()
if start_kernel >> 32 != 0xffffffff:
    fail(f"start_kernel at {start_kernel:#x} is not a kernel address")


def expect(pattern, output, what):
    if not re.search(pattern, output, re.MULTILINE):
        fail(f"{what}: no match for {pattern!r} in gdb's output:\n{output}")


m = Machine(["--kernel", image, "--initrd", initrd, "--cmdline", "console=ttyS0", "--timeout-secs", "180"])
out = run_gdb([
    "set architecture riscv:rv64",
    f"target remote {m.socket}",
    # --gdb-wait: the harts wait before their first instruction, the Image's entry.
    "echo @entry=\n", "p/x $pc",
    "echo @priv=\n", "p $priv",
    f"break *{start_kernel:#x}",
    "continue",
    "echo @start_kernel=\n", "p/x $pc",
    "echo @satp=\n", "p/x $satp",
    "bt",
    "x/2i $pc",
    "kill",
], timeout=300)
m.finish()

expect(rf"@entry=\n\$\d+ = {ENTRY:#x}$", out, "stopped at the Image's entry")
expect(r"@priv=\n\$\d+ = 1$", out, "the built-in SBI starts Linux in S-mode")
expect(rf"@start_kernel=\n\$\d+ = {start_kernel:#x}$", out, "stopped at start_kernel")
expect(r"@satp=\n\$\d+ = 0x[89a][0-9a-f]{15}$", out, "paging (Sv39, Sv48 or Sv57) is on at start_kernel")
expect(rf"^#0\s+{start_kernel:#x} in \?\? \(\)", out, "the backtrace starts at start_kernel")
expect(rf"=> {start_kernel:#x}:\t\S+", out, "x/2i reads kernel text through the page tables")
passed("gdb on Linux")
