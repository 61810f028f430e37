"""gdb-multiarch against the example kernel through microvm's GDB stub: a breakpoint, info threads
and switching harts, x/4i, a step into a trap (the stub's step; gdb's stepi is a software step on RISC-V), a hardware watchpoint, register and memory writes
that take effect, Ctrl-C (SIGINT to gdb) stopping a spinning guest, and monitor commands."""
import os
import re

from gdbharness import Machine, instruction_in, run_gdb, symbol
from harness import BUILD, fail, passed

ELF = os.path.join(BUILD, "guests", "examples", "minimal-kernel", "kernel.elf")
trap = symbol(ELF, "trap")
trap_vector = symbol(ELF, "trap_vector")
ticks = symbol(ELF, "ticks")
ecall = instruction_in(ELF, "uprintf", "ecall")
start = symbol(ELF, "_start")


def expect(pattern, output, what):
    match = re.search(pattern, output, re.MULTILINE)
    if not match:
        fail(f"{what}: no match for {pattern!r} in gdb's output:\n{output}")
    return match


# The example kernel itself (microvm run --example minimal-kernel), two harts: hart 1 parks in WFI.
m = Machine(["--example", "minimal-kernel", "--cpus", "2", "--timeout-secs", "120"])
out = run_gdb([
    f"target remote {m.socket}",
    "info threads",
    "break trap",
    "continue",
    "echo @pc=\n", "p/x $pc",
    "x/4i $pc",
    "thread 2",
    "echo @thread2=\n", "p $mhartid",
    "thread 1",
    "delete",
    f"break *{ecall:#x}",
    "continue",
    "echo @priv-before=\n", "p $priv",
    # GDB's own stepi on RISC-V is a software step (a breakpoint on the next instruction), which
    # runs a whole trap and comes back; the stub's step (monitor step, vCont;s) steps into it.
    "monitor step",
    "maintenance flush register-cache",
    "echo @after-step=\n", "p/x $pc",
    "echo @priv-after=\n", "p $priv",
    "echo @mcause=\n", "p/x $mcause",
    "stepi",
    "echo @stepi=\n", "p/x $pc",
    "delete",
    "watch ticks",
    "continue",
    "delete",
    "echo @ticks-addr=\n", "p/x &ticks",
    "monitor info harts",
    "monitor walk 0x80001000",
    # A spinning guest: write `j .` over _start and send hart 0 there, then Ctrl-C.
    f"set {{int}}{start:#x} = 0x0000006f",
    f"set $pc = {start:#x}",
    "echo @spin\n",
    "continue",
    "echo @after-interrupt=\n", "p/x $pc",
    "kill",
], elf=ELF, interrupt_after="@spin")
m.finish()

expect(r"^\* 1\s+Thread 1 \(hart 0, M-mode\)", out, "info threads lists hart 0")
expect(r"^\s+2\s+Thread 2 \(hart 1, M-mode", out, "info threads lists hart 1")
expect(r"Breakpoint 1, (0x[0-9a-f]+ in )?trap \(", out, "the breakpoint on trap() is hit")
pc = int(expect(r"@pc=\n\$\d+ = (0x[0-9a-f]+)", out, "pc at the breakpoint").group(1), 16)
if not (trap <= pc < trap + 64):  # gdb puts `break trap` after the prologue
    fail(f"stopped at {pc:#x}, not in trap() at {trap:#x}:\n{out}")
if len(re.findall(r"^(=> )?\s*0x[0-9a-f]+ <trap(\+\d+)?>:\t", out, re.MULTILINE)) < 4:
    fail(f"x/4i $pc did not show 4 instructions of trap():\n{out}")
expect(r"@thread2=\n\$\d+ = 1$", out, "thread 2 is hart 1 (mhartid 1)")
expect(r"@priv-before=\n\$\d+ = 0$", out, "the ecall runs in U-mode")
expect(rf"@after-step=\n\$\d+ = {trap_vector:#x}$", out, "the stub's step over ecall lands on trap_vector")
expect(r"@priv-after=\n\$\d+ = 3$", out, "the trap entered M-mode")
expect(r"@mcause=\n\$\d+ = 0x8$", out, "mcause says ecall from U-mode")
expect(rf"@stepi=\n\$\d+ = {trap_vector + 4:#x}$", out, "gdb's stepi moves one instruction")
expect(r"Hardware watchpoint 3: ticks\s+Old value = \d+\s+New value = \d+", out, "the watchpoint on ticks fires")
expect(rf"@ticks-addr=\n\$\d+ = {ticks:#x}", out, "ticks' address")
expect(r"\* hart 0: pc=0x[0-9a-f]+ M-mode", out, "monitor info harts")
expect(r"L1 \[  0\] pte@0x[0-9a-f]+ = 0x[0-9a-f]+ VRWXU-AD ppn=0x80000: leaf \(2 MiB page\)\s+pa=0x80001000", out,
       "monitor walk shows the kernel's 2 MiB megapage")
expect(r"received signal SIGINT, Interrupt", out, "Ctrl-C stops the guest")
expect(rf"@after-interrupt=\n\$\d+ = {start:#x}$", out, "the spinning hart is at the loop gdb wrote")
passed("gdb on the example kernel")
