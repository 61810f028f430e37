"""Reverse debugging through the GDB stub on a --deterministic machine: gdb-multiarch steps
forward N instructions from a breakpoint, then reverse-stepi N times and sees the same registers
in reverse order; reverse-continue goes back to the last breakpoint hit before (bump(150000),
so a0 is 150000) and to the store that last changed a watched variable (bump(149999)'s,
stopped before it runs: GDB shows the value it is about to overwrite); continuing to the end
prints each of the guest's lines once. Without --deterministic no reverse execution is offered."""
import os
import re

from gdbharness import Machine, dump_registers, register_states, run_gdb, symbol
from harness import BUILD, fail, passed

ELF = os.path.join(BUILD, "guests", "time-travel", "travel.elf")
marker = symbol(ELF, "marker")
bump = symbol(ELF, "bump")
STEPS = 12


REGISTERS = ["pc", "ra", "sp", "a0", "a5", "s0"]


def regs(tag):
    return dump_registers(tag, REGISTERS)


def states(out, tag):
    return register_states(out, tag, len(REGISTERS))


m = Machine(["--deterministic", "--kernel", ELF, "--checkpoint-every", "400000", "--timeout-secs", "200"])
script = [f"target remote {m.socket}", f"break *{marker:#x}", "continue"] + regs("fwd")
for _ in range(STEPS):
    script += ["stepi"] + regs("fwd")
for _ in range(STEPS):
    script += ["reverse-stepi"] + regs("back")
script += ["delete", f"break *{bump:#x}", "reverse-continue", "echo @bump-a0=\\n", "p $a0", "p/x $pc",
           "delete", "watch counter", "reverse-continue", "echo @watch=\\n", "p/x $pc", "p $a0",
           "delete", "continue"]
out = run_gdb(script, elf=ELF, timeout=300)
code, stdout, stderr = m.finish(timeout=120)

forward = states(out, "fwd")
backward = states(out, "back")
if len(forward) != STEPS + 1 or len(backward) != STEPS:
    fail(f"expected {STEPS + 1} forward and {STEPS} backward dumps, got {len(forward)} and {len(backward)}:\n{out}")
if int(forward[0][0], 16) != marker:
    fail(f"the breakpoint stopped at {forward[0][0]}, not marker ({marker:#x}):\n{out}")
if len(set(forward)) != len(forward):
    fail(f"stepping forward did not change the state each time:\n{out}")
expected = list(reversed(forward[:-1]))
for i, (seen, want) in enumerate(zip(backward, expected)):
    if seen != want:
        fail(f"reverse-stepi {i + 1}: registers {seen}, but going forward they were {want}:\n{out}")

bump_block = out.split("@bump-a0=")[1]
if not re.search(r"^\$\d+ = 150000$", bump_block, re.MULTILINE):
    fail(f"reverse-continue did not stop in bump(150000):\n{out}")
if not re.search(rf"^\$\d+ = {bump:#x}$", bump_block, re.MULTILINE):
    fail(f"reverse-continue did not stop at bump's first instruction ({bump:#x}):\n{out}")
watch_block = out.split("@watch=")[1]
pc = int(re.search(r"^\$\d+ = (0x[0-9a-f]+)$", watch_block, re.MULTILINE).group(1), 16)
if not bump <= pc < marker:
    fail(f"reverse-continue to the watchpoint stopped at {pc:#x}, outside bump:\n{out}")
if not re.search(r"^\$\d+ = 149999$", watch_block, re.MULTILINE):
    fail(f"the watchpoint's store was not bump(149999)'s:\n{out}")

if code != 0:
    fail(f"microvm exited with {code}: {stderr}")
if stdout.replace("\r\n", "\n") != "travel: start\ntravel: marker\ntravel: done\n":
    fail(f"the guest's output after going back and forth is not each line once:\n{stdout!r}")

# A threaded run offers no reverse execution: gdb says so and the machine runs on.
t = Machine(["--kernel", ELF, "--timeout-secs", "100"])
out = run_gdb([f"target remote {t.socket}", f"break *{marker:#x}", "continue", "reverse-stepi", "delete",
               "continue"], elf=ELF)
t.finish()
if "Target does not support this command" not in out and "not support" not in out:
    fail(f"a threaded run did not refuse reverse-stepi:\n{out}")
passed("reverse-stepi retraces the forward steps; reverse-continue finds the last breakpoint and watchpoint hits")
