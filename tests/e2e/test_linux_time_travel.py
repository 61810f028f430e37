"""Time travel through a Linux boot, from the monitor (--deterministic --time-travel): with a
checkpoint every 2M instructions and a memory cap small enough that old checkpoints are merged
away, going back to an instruction count and forward again gives the registers, CSRs, kernel
stack and digest of the whole machine (RAM and devices) that it had there the first time, and that another machine gets by running
straight to that count. So each checkpoint's RAM (only the pages written since the one before)
comes back whole, after merges too, and a replay retraces the run."""
import os
import re
import subprocess

from harness import MICROVM, fail, passed, temp_dir
from linux_guest import linux_args
from monitor_client import MonitorSocket

folder = temp_dir("microvm-linux-travel-")
EARLY, LATE = 120_000_000, 200_000_000


def start(name, extra):
    sock = os.path.join(folder, name + ".sock")
    args = [MICROVM] + linux_args("console=ttyS0 microvm.test=smoke", "--deterministic", "--monitor",
                                  "unix:" + sock, "--timeout-secs", "300", *extra)
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    mon = MonitorSocket(sock)
    if "stopped" not in mon.command("stop"):
        fail(f"{name}: the machine did not stop")
    return proc, mon


def goto(mon, count):
    reply = mon.command(f"goto {count}")
    if not re.search(rf"hart 0: pc=0x[0-9a-f]+ .*, {count} instructions;", reply):
        fail(f"goto {count}: {reply!r}")
    return "".join(mon.command(c) for c in ("info regs", "info csrs", "x/32xg $sp", "info digest"))


def finish(proc, mon):
    mon.command("quit")
    proc.communicate(timeout=60)


proc, mon = start("travel", ["--time-travel", "--checkpoint-every", "2000000", "--checkpoint-memory", "12"])
early = goto(mon, EARLY)
late = goto(mon, LATE)
if early == late:
    fail("the machine looks the same at both counts: the test would not see a wrong restore")
again = goto(mon, EARLY)
if again != early:
    fail(f"back at {EARLY} the machine differs from the first time:\n{again}\nexpected\n{early}")
if goto(mon, LATE) != late:
    fail(f"forward again to {LATE}, the machine differs from the first time")
history = mon.command("info checkpoints")
found = re.match(r"(\d+) checkpoints, ([\d.]+) MiB", history)
if not found or int(found.group(1)) < 3 or int(found.group(1)) >= LATE // 2_000_000:
    fail(f"expected some of the {LATE // 2_000_000} checkpoints merged away under the cap: {history!r}")
finish(proc, mon)

proc, mon = start("straight", ["--time-travel"])
if goto(mon, LATE) != late:
    fail(f"a machine run straight to {LATE} differs from the one that went back and forth")
finish(proc, mon)
passed(f"Linux at {EARLY} and {LATE} instructions is the same after going back and forth through "
       f"{found.group(1)} checkpoints ({found.group(2)} MiB) as when run straight there")
