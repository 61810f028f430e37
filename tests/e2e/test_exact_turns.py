"""Exact turns (reverse debugging: --deterministic with --gdb) with the translator on.

Time travel needs every hart's turn to end exactly at its budget, whatever happens to be
translated or chained (which differs between the first run and a replay from a checkpoint).
The translator enters a block only when the budget covers all of it and the interpreter steps
the rest of the turn. The guest (guests/time-travel/turns.c) has four harts race on one word
without atomics, so its output names where every turn ended:

1. With --gdb (no debugger attaches; the run goes on), --jit on (cold code left to the
   interpreter, or translated at once), --jit off, --jit on with a code cache small enough to be
   flushed again and again, and --jit-audit print the same.
2. A plain --deterministic run, whose turns run on to the next jump, prints something else: the
   guest does tell where turns end (else 1 could not fail).
3. --max-insns under --gdb stops every hart in the same state with the translator on and off.
"""
import os
import re
import subprocess

from harness import BUILD, MICROVM, fail, passed, temp_dir

ELF = os.path.join(BUILD, "guests", "time-travel", "turns.elf")

probe = subprocess.run([MICROVM, "run", "--jit", "on", "--kernel", "/nonexistent"], capture_output=True)
if b"no translator" in probe.stderr:
    print("this build has no translator")
    raise SystemExit(77)

tmp = temp_dir("microvm-turns-")
runs = 0


def run(jit, gdb=True, extra=(), env=None):
    global runs
    runs += 1
    args = [MICROVM, "run", "--deterministic", "--cpus", "4", "--kernel", ELF, "--timeout-secs", "200"]
    args += jit + list(extra)
    if gdb:
        args += ["--gdb", "unix:" + os.path.join(tmp, f"gdb{runs}.sock"), "--checkpoint-every", "500000"]
    proc = subprocess.run(args, capture_output=True, timeout=300, stdin=subprocess.DEVNULL,
                          env=dict(os.environ, **(env or {})))
    return proc.returncode, proc.stdout.decode("utf-8", "replace").replace("\r\n", "\n"), \
        proc.stderr.decode("utf-8", "replace")


# 1. Exact turns: the same output however the code ran.
reference = run(["--jit", "off"])
if reference[0] != 0 or not re.fullmatch(r"turns: shared 0x[0-9a-f]+\n(turns: hart \d 0x[0-9a-f]+\n){4}",
                                         reference[1]):
    fail(f"the interpreted run with --gdb did not finish as expected (status {reference[0]}):\n"
         f"{reference[1]}\n{reference[2][-2000:]}")
variants = {
    "--jit on": run(["--jit", "on"]),
    "--jit on, every block translated at its first entry": run(["--jit", "on"], env={"MICROVM_JIT_HOT": "1"}),
    "--jit on, a 100 KiB code cache": run(["--jit", "on"], env={"MICROVM_JIT_CACHE_KIB": "100",
                                                                "MICROVM_JIT_HOT": "1",
                                                                "MICROVM_JIT_STATS": "1"}),
    "--jit-audit": run(["--jit-audit"]),
}
for name, result in variants.items():
    if result[0] != 0 or result[1] != reference[1]:
        fail(f"exact turns, {name}: status {result[0]}, output differs from the interpreter's:\n"
             f"--- {name}\n{result[1]}\n--- --jit off\n{reference[1]}\n{result[2][-2000:]}")
flushes = re.search(r"jit: \d+ translations, \d+ KiB of code in use, (\d+) flushes", variants[
    "--jit on, a 100 KiB code cache"][2])
if not flushes or int(flushes.group(1)) == 0:
    fail("the small code cache was never flushed:\n" + variants["--jit on, a 100 KiB code cache"][2])

# 2. The guest tells turns that run on from exact ones.
plain = run(["--jit", "off"], gdb=False)
if plain[0] != 0 or plain[1] == reference[1]:
    fail(f"a plain --deterministic run (turns run on to the next jump) printed the same as exact "
         f"turns (status {plain[0]}): the guest does not see where turns end:\n{plain[1]}")

# 3. Stopped by --max-insns in the middle of turns: every hart where the interpreter leaves it.
for limit in (123457, 1000001):
    states = []
    for jit in (["--jit", "off"], ["--jit", "on"]):
        code, _, stderr = run(jit, extra=["--max-insns", str(limit)])
        lines = [line for line in stderr.splitlines() if re.match(r"microvm: hart \d+: ", line)]
        if code != 125 or len(lines) != 4 or f"{limit} instructions" not in stderr:
            fail(f"--max-insns {limit} {' '.join(jit)}: expected status 125 and four harts' states:\n{stderr}")
        states.append(lines)
    if states[0] != states[1]:
        fail(f"--max-insns {limit} with exact turns: the harts' states differ:\n--- jit off\n"
             + "\n".join(states[0]) + "\n--- jit on\n" + "\n".join(states[1]))

passed(f"exact turns: the translator, a flushed cache and the audit print what the interpreter "
       f"does ({reference[1].splitlines()[0]}); 2 --max-insns stops agree")
