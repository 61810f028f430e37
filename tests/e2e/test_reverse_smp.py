"""Reverse debugging and run control on a --deterministic machine of four harts: gdb-multiarch
stops at hart 0's marker, switches to hart 2 (thread 3), steps it forward N instructions and
reverse-stepi retraces them in reverse order on that hart; `watch shared` then reverse-continue
goes back to the store that wrote the value `shared` holds at the marker, made by whichever hart
wrote it (hart * 1000000 + round: the value names the hart), stopped before it runs; one stepi of
that hart writes it again. Continuing to the end prints each of the guest's lines once."""
import os
import re

from gdbharness import Machine, dump_registers, register_states, run_gdb, symbol
from harness import BUILD, fail, passed

ELF = os.path.join(BUILD, "guests", "time-travel", "travel_smp.elf")
marker = symbol(ELF, "marker")
stir = symbol(ELF, "stir")
STEPS = 8


REGISTERS = ["pc", "ra", "sp", "a0", "a1", "a5"]


def regs(tag):
    return dump_registers(tag, REGISTERS)


def states(out, tag):
    return register_states(out, tag, len(REGISTERS))


def value_after(out, tag):
    block = out.split(f"@{tag}=")[1]
    return int(re.search(r"^\$\d+ = (\d+)$", block, re.MULTILINE).group(1))


m = Machine(["--deterministic", "--cpus", "4", "--kernel", ELF, "--checkpoint-every", "1000000",
             "--timeout-secs", "250"])
script = [f"target remote {m.socket}", f"break *{marker:#x}", "continue", "info threads",
          "echo @shared-now=\\n", "p shared", "delete", "thread 3"] + regs("fwd")
for _ in range(STEPS):
    script += ["stepi"] + regs("fwd")
for _ in range(STEPS):
    script += ["reverse-stepi"] + regs("back")
script += ["thread 1", "watch shared", "reverse-continue", "echo @where=\\n", "thread", "p/x $pc",
           "echo @old=\\n", "p shared", "stepi", "echo @new=\\n", "p shared", "delete", "continue"]
out = run_gdb(script, elf=ELF, timeout=400)
code, stdout, stderr = m.finish(timeout=200)

if len(re.findall(r"^\*?\s+\d+\s+Thread ", out, re.MULTILINE)) != 4:
    fail(f"info threads does not list the four harts:\n{out}")
forward = states(out, "fwd")
backward = states(out, "back")
if len(forward) != STEPS + 1 or len(backward) != STEPS:
    fail(f"expected {STEPS + 1} forward and {STEPS} backward dumps, got {len(forward)} and {len(backward)}:\n{out}")
if len(set(forward)) != len(forward):
    fail(f"stepping hart 2 forward did not change its state each time:\n{out}")
expected = list(reversed(forward[:-1]))
for i, (seen, want) in enumerate(zip(backward, expected)):
    if seen != want:
        fail(f"reverse-stepi {i + 1} on hart 2: registers {seen}, but going forward they were {want}:\n{out}")

now = value_after(out, "shared-now")
writer, round_ = divmod(now, 1000000)
if writer not in (1, 2, 3) or round_ % 1000 != 0:
    fail(f"shared held {now} at the marker, which no hart writes:\n{out}")
where = out.split("@where=")[1]
thread = re.search(r"Current thread is (\d+)", where)
if not thread or int(thread.group(1)) != writer + 1:
    fail(f"reverse-continue to the watchpoint did not stop on hart {writer} (thread {writer + 1}), "
         f"the hart that wrote {now}:\n{out}")
pc = int(re.search(r"^\$\d+ = (0x[0-9a-f]+)$", where, re.MULTILINE).group(1), 16)
if not stir <= pc < stir + 0x80:
    fail(f"reverse-continue to the watchpoint stopped at {pc:#x}, outside stir ({stir:#x}):\n{out}")
old, new = value_after(out, "old"), value_after(out, "new")
if old == now or new != now:
    fail(f"before the store shared should not yet be {now} and after one step it should: {old}, {new}:\n{out}")

if code != 0:
    fail(f"microvm exited with {code}: {stderr}")
if stdout.replace("\r\n", "\n") != "travel: start\ntravel: marker\ntravel: done\n":
    fail(f"the guest's output after going back and forth is not each line once:\n{stdout!r}")
passed(f"4 harts: reverse-stepi retraces hart 2's steps; reverse-continue finds hart {writer}'s store of {now}")
