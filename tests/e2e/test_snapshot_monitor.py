"""The monitor's savevm and loadvm on a running machine, and a restored machine under GDB.
The echo guest keeps sum = sum * 31 + byte over the bytes it reads: typed 'a', saved, typed 'b',
loaded back, typed 'q', it must print sum 3120 (97 * 31 + 113: the 'b' is gone) where the run
without loadvm prints 96368. GDB attached to `--load-snapshot` sees the saved pc, and the machine
goes on from it. A snapshot of another machine or a missing file is refused and the run goes on."""
import os
import re
import socket
import time

from gdbharness import Machine, run_gdb
from harness import BUILD, Session, fail, passed, run, expect_exit, temp_dir

guest = os.path.join(BUILD, "guests", "record-echo", "echo.elf")
folder = temp_dir("microvm-savevm-")
monitor_socket = os.path.join(folder, "monitor.sock")
snap = os.path.join(folder, "a.snap")
other = os.path.join(folder, "other.snap")

# A snapshot of another machine (256 MiB) for the refusal below.
expect_exit(run(["run", "--kernel", guest, "--memory", "256", "--save-snapshot", other, "--max-insns", "100000"],
                stdin=b""), 125)

s = Session(["run", "--kernel", guest, "--monitor", "unix:" + monitor_socket, "--timeout-secs", "120"])
deadline = time.monotonic() + 30
while not os.path.exists(monitor_socket):
    if time.monotonic() > deadline:
        fail("no monitor socket")
    time.sleep(0.05)
conn = socket.socket(socket.AF_UNIX)
conn.connect(monitor_socket)
received = b""


def command(line):
    global received
    if line is not None:
        conn.sendall(line.encode() + b"\n")
    while not received.endswith(b"(microvm) "):
        chunk = conn.recv(4096)
        if not chunk:
            fail(f"the monitor closed the connection after {line!r}")
        received += chunk
    reply = received.decode()[: -len("(microvm) ")]
    received = b""
    return reply


command(None)  # the greeting prompt
s.expect(r"echo: ready")
s.send("a")
s.expect(r"got 97 at \d+")
reply = command(f"savevm {snap}")
saved = re.search(r"savevm: saved a snapshot to .*a\.snap at instruction (\d+) of hart 0", reply)
if not saved:
    fail(f"savevm answered {reply!r}")
s.send("b")
s.expect(r"got 98 at \d+")
reply = command(f"loadvm {other}")
if "taken on another machine (256 MiB of RAM;" not in reply:
    fail(f"loadvm of another machine's snapshot answered {reply!r}")
reply = command(f"loadvm {os.path.join(folder, 'none.snap')}")
if "loadvm: error:" not in reply or "none.snap" not in reply:
    fail(f"loadvm of a missing file answered {reply!r}")
reply = command(f"loadvm {snap}")
loaded = re.search(r"loadvm: loaded .*a\.snap: hart 0 goes on from instruction (\d+)", reply)
if not loaded or loaded.group(1) != saved.group(1):
    fail(f"loadvm answered {reply!r}, not instruction {saved.group(1)}")
s.send("q")
s.expect(r"got 113 at \d+")
s.expect(r"^sum 3120$")
result = s.finish()
if result.returncode != 0:
    fail("the run after loadvm did not end with the guest's power-off", result)

# The same bytes without loadvm give the other sum.
whole = run(["run", "--kernel", guest, "--timeout-secs", "60"], stdin=b"abq")
if "sum 96368" not in whole.stdout:
    fail("the run without loadvm did not print sum 96368", whole)

# GDB on a restored machine sees the saved state.
info = run(["inspect", snap])
pc = re.search(r"^hart 0: pc=(0x[0-9a-f]+)", info.stdout, re.MULTILINE).group(1)
m = Machine(["--load-snapshot", snap, "--timeout-secs", "100"])
out = run_gdb([f"target remote {m.socket}", "echo @pc=\\n", "p/x $pc", "detach"], elf=guest)
match = re.search(r"@pc=\s*\$\d+ = (0x[0-9a-f]+)", out)
if not match or int(match.group(1), 16) != int(pc, 16):
    fail(f"gdb on the restored machine sees pc {match and match.group(1)}, the snapshot holds {pc}:\n{out}")
m.proc.kill()
m.finish()
passed("savevm/loadvm from the monitor go back to the saved state; gdb sees a restored machine's state")
