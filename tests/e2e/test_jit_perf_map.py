"""MICROVM_JIT_PERF_MAP=1 names translated code for perf (scripts/jit_profile.py reads it).

Runs the CoreMark-style bare-metal guest with the map on and checks /tmp/perf-<pid>.map: a file only
its owner can read, one "start size name" line per translation in the format perf reads, the
shared entry/exit code first (again when a new register map starts the cache over), every block inside the code cache after it, and blocks named by guest
addresses that the guest's own symbols put in its hot function (workload_run). Without the variable
no map is written.
"""
import os
import re
import stat
import subprocess

from harness import BUILD, MICROVM, fail, passed

ELF = os.path.join(BUILD, "guests", "bare-bench", "coremark_like.elf")

probe = subprocess.run([MICROVM, "run", "--jit", "on", "--kernel", "/nonexistent"], capture_output=True)
if b"no translator" in probe.stderr:
    print("this build has no translator")
    raise SystemExit(77)


def run(env):
    # --jit on: the translator whatever MICROVM_JIT says (the suite also runs with the interpreter as default).
    proc = subprocess.Popen([MICROVM, "run", "--jit", "on", "--kernel", ELF], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=dict(os.environ, **env))
    out, err = proc.communicate(timeout=300)
    path = f"/tmp/perf-{proc.pid}.map"
    if proc.returncode != 0 or b"checksum" not in out:
        if os.path.exists(path):
            os.unlink(path)
        fail(f"the guest did not finish (status {proc.returncode}):\n{out.decode()}\n{err.decode()}")
    return path


path = run({"MICROVM_JIT_PERF_MAP": "1"})
try:
    mode = stat.S_IMODE(os.stat(path).st_mode)
    with open(path) as f:
        lines = f.read().splitlines()
finally:
    if os.path.exists(path):
        os.unlink(path)
if mode != 0o600:
    fail(f"{path} has mode {mode:o}, not 600")
entries = []
for line in lines:
    m = re.fullmatch(r"([0-9a-f]+) ([0-9a-f]+) (\S+)", line)
    if not m:
        fail(f"not a perf map line: {line!r}")
    entries.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3)))
if len(entries) < 10 or entries[0][2] != "microvm_jit_enter_exit":
    fail(f"expected the entry/exit code and then blocks, got {lines[:5]} ({len(lines)} lines)")
base = entries[0][0]
for start, size, name in entries[1:]:
    # A new register map starts the cache over, with new entry/exit code at its start.
    if name == "microvm_jit_enter_exit" and start == base:
        continue
    # The shared stub for jumps to other pages, right after it.
    if name == "microvm_jit_cross_page" and base < start < base + 4096:
        continue
    if not re.fullmatch(r"guest_[0-9a-f]+", name) or size == 0 or not base < start < base + (32 << 20):
        fail(f"a block line out of place: {start:x} {size:x} {name}")

nm = subprocess.run(["nm", "-n", ELF], capture_output=True, text=True, check=True).stdout.split("\n")
symbols = [(int(a, 16), n) for a, _, n in (line.split() for line in nm if line.count(" ") == 2)]
hot = next((a for a, n in symbols if n == "workload_run"), None)
after = min((a for a, n in symbols if hot is not None and a > hot), default=None)
if hot is None or after is None:
    fail("workload_run is not in the guest's symbols")
blocks = [name for _, _, name in entries[1:] if name.startswith("guest_")]
inside = [name for name in blocks if hot <= int(name[6:], 16) < after]
if len(inside) < 5:
    fail(f"only {len(inside)} translated blocks in workload_run [{hot:#x}, {after:#x}): {lines[:20]}")

unnamed = run({"MICROVM_JIT_PERF_MAP": "0"})
if os.path.exists(unnamed):
    os.unlink(unnamed)
    fail("a map was written without MICROVM_JIT_PERF_MAP=1")

passed(f"perf map: {len(blocks)} translated blocks named, {len(inside)} of them in workload_run")
