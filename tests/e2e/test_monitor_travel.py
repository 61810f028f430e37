"""The monitor's time travel (--deterministic --time-travel, no GDB): `rewind N` and `goto INSN`
bring back the registers and memory the machine had at that instruction, as seen when stepping
there forward; past the start of the history the machine stands at the first checkpoint; and the
guest's lines are each printed once after going back and forth. Without time travel the commands
say how to turn it on; --time-travel without --deterministic is refused."""
import os
import re
import subprocess

from gdbharness import symbol
from harness import BUILD, MICROVM, fail, passed, temp_dir
from monitor_client import MonitorSocket

ELF = os.path.join(BUILD, "guests", "time-travel", "travel.elf")
marker = symbol(ELF, "marker")
counter = symbol(ELF, "counter")
folder = temp_dir("microvm-travel-")
sock = os.path.join(folder, "monitor.sock")


def start(extra):
    return subprocess.Popen([MICROVM, "run", "--deterministic", "--kernel", ELF, "--monitor", "unix:" + sock,
                             "--timeout-secs", "120"] + extra,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def count(reply):
    found = re.search(r"hart 0: pc=(0x[0-9a-f]+) .*?, (\d+) instructions;", reply)
    if not found:
        fail(f"no hart line in {reply!r}")
    return int(found.group(2))


def state(mon):
    """The selected hart's registers and the guest's counter, as the monitor prints them."""
    return mon.command("info regs") + mon.command(f"xp/1xg {counter:#x}")


proc = start(["--time-travel", "--checkpoint-every", "100000"])
mon = MonitorSocket(sock)
mon.command("stop")
mon.command(f"break {marker:#x}")
mon.command("cont")
# The breakpoint stops the machine: wait for it.
for _ in range(600):
    harts = mon.command("info harts")
    if "stopped by the debugger" in harts and f"pc={marker:#x}" in harts:
        break
    subprocess.run(["sleep", "0.1"])
else:
    fail(f"the machine did not stop at marker ({marker:#x}): {harts!r}")
mon.command(f"delete {marker:#x}")
at = count(harts)
forward = {at: state(mon)}
for _ in range(2):
    mon.command("step 500")
    forward[count(mon.command("info harts"))] = state(mon)
if sorted(forward) != [at, at + 500, at + 1000] or len(set(forward.values())) != 3:
    fail(f"stepping forward did not give three different states at {at}, +500, +1000: {sorted(forward)}")

checkpoints = mon.command("info checkpoints")
found = re.match(r"(\d+) checkpoints, [\d.]+ MiB; the history starts at instruction 0 of hart 0", checkpoints)
if not found or int(found.group(1)) < at // 100000:
    fail(f"info checkpoints: {checkpoints!r} (expected one every 100000 of {at} instructions)")

reply = mon.command("rewind 1000")
if count(reply) != at or state(mon) != forward[at]:
    fail(f"rewind 1000 from {at + 1000}: {reply!r}\n{state(mon)}\nexpected\n{forward[at]}")
for target in (at + 500, at + 1000, at + 500, at):
    reply = mon.command(f"goto {target}")
    if count(reply) != target or state(mon) != forward[target]:
        fail(f"goto {target}: {reply!r}\n{state(mon)}\nexpected\n{forward[target]}")
reply = mon.command("rewind 100000000000")
if "the history starts here" not in reply or count(reply) != 0:
    fail(f"rewinding past the start: {reply!r}")
for bad in ("rewind", "rewind -5", "goto 12x"):
    if not mon.command(bad).startswith("usage: "):
        fail(f"{bad!r} was not refused with its usage")
mon.command("cont")
out, err = proc.communicate(timeout=120)
if proc.returncode != 0:
    fail(f"microvm exited with {proc.returncode}: {err.decode()[-2000:]}")
if out.decode().replace("\r\n", "\n") != "travel: start\ntravel: marker\ntravel: done\n":
    fail(f"the guest's lines after going back and forth are not each printed once: {out!r}")

# Without time travel (not deterministic; waiting for a GDB that never comes): the commands say
# how to get it.
sock = os.path.join(folder, "plain.sock")
proc = subprocess.Popen([MICROVM, "run", "--kernel", ELF, "--monitor", "unix:" + sock, "--gdb",
                         "unix:" + os.path.join(folder, "gdb.sock"), "--gdb-wait", "--timeout-secs", "60"],
                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
mon = MonitorSocket(sock)
reply = mon.command("rewind 10")
if "time travel is off" not in reply or "--time-travel" not in reply:
    fail(f"rewind without time travel: {reply!r}")
mon.command("quit")
proc.communicate(timeout=60)

bad = subprocess.run([MICROVM, "run", "--time-travel", "--kernel", ELF], capture_output=True, text=True, timeout=60)
if bad.returncode == 0 or "--time-travel needs --deterministic" not in bad.stderr:
    fail(f"--time-travel without --deterministic: status {bad.returncode}, {bad.stderr!r}")
passed("rewind and goto bring back the registers and memory seen stepping forward; each line printed once")
