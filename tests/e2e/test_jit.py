"""The translator (--jit) against the interpreter, the reference it must agree with.

1. Deterministic runs print the same with --jit on and --jit off, and stop at --max-insns in the
   same state (pc, privilege, instret, interrupts, time): translated blocks end where the
   interpreter's do, so even guest time matches.
2. Every ISA test passes under --jit-audit, which runs each translated block on the interpreter too
   and stops at the first difference (registers, pc, traps, instructions retired, memory written).
3. A guest that rewrites its code in hot loops gives the same result both ways.
4. The bare-metal benchmark programs (short runs) under --jit-audit: their CRC loops are what the
   branch-free translations (a branch over one instruction, an if-else with arms alike) and the
   divisions by a constant are for, and each block is compared with the interpreter; the checksums
   are the interpreter's.
"""
import glob
import os
import re
import subprocess

from harness import fail, passed, BUILD, MICROVM

probe = subprocess.run([MICROVM, "run", "--jit", "on", "--kernel", "/nonexistent"], capture_output=True)
if b"no translator" in probe.stderr:
    print("this build has no translator")
    raise SystemExit(77)


def run(args, jit, timeout=120):
    proc = subprocess.run([MICROVM] + args[:1] + jit + args[1:], capture_output=True, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


# 1. Deterministic: same bytes, same state.
kernels = sorted(glob.glob(os.path.join(BUILD, "guests", "compare", "*.elf")))
if len(kernels) < 4:
    fail("the comparison kernels are missing from " + os.path.join(BUILD, "guests", "compare"))
stops = 0
for kernel in kernels:
    name = os.path.basename(kernel)
    args = ["run", "--kernel", kernel, "--deterministic", "--timeout-secs", "60"]
    on, off = run(args, ["--jit", "on"]), run(args, ["--jit", "off"])
    if on[0] != 0 or off[0] != 0:
        fail(f"{name}: exit statuses {on[0]} (jit on) and {off[0]} (jit off), expected 0:\n{on[2][-1500:]}\n{off[2][-1500:]}")
    if on[1] != off[1] or len(on[1].splitlines()) < 5:
        fail(f"{name}: output differs:\n--- jit on\n{on[1][-1500:]}\n--- jit off\n{off[1][-1500:]}")
    for limit in (777, 12345, 100003, 250001):
        args = ["run", "--kernel", kernel, "--deterministic", "--max-insns", str(limit)]
        on, off = run(args, ["--jit", "on"]), run(args, ["--jit", "off"])
        states = [[l for l in r[2].splitlines() if l.startswith("microvm: hart ")] for r in (on, off)]
        if on[0] != off[0] or states[0] != states[1]:
            fail(f"{name} --max-insns {limit}: jit on and off disagree:\n--- on ({on[0]})\n{on[2]}\n--- off ({off[0]})\n{off[2]}")
        stops += 1 if states[0] else 0
if stops < 8:
    fail(f"only {stops} runs stopped at --max-insns: the limits no longer fall inside the kernels")
print(f"{len(kernels)} kernels: same output, same state at {stops} stops")

# 2. The ISA tests under the audit.
elfs = sorted(glob.glob(os.path.join(BUILD, "guests", "tests", "*", "*.elf")))
if len(elfs) < 50:
    fail(f"only {len(elfs)} ISA test guests in {BUILD}/guests/tests")
for elf in elfs:
    group = os.path.basename(os.path.dirname(elf))
    # The machine options guests/CMakeLists.txt gives the group (ISA_TEST_ARGS_<group>).
    extra = {"sbi": ["--bios", "builtin"], "machine": ["--cpu", "rv64,v=off"],
             "supervisor": ["--cpu", "rv64,v=off"]}.get(group, [])
    code, out, err = run(["run", "--kernel", elf, "--timeout-secs", "60"] + extra, ["--jit-audit"])
    if code != 0:
        fail(f"{group}/{os.path.basename(elf)} under --jit-audit: exit status {code}\n{out[-1000:]}\n{err[-3000:]}")
print(f"{len(elfs)} ISA tests pass under --jit-audit")

# 3. Self-modifying code, both ways (and under the audit above).
smc = os.path.join(BUILD, "guests", "tests", "zifencei", "smc_hot_loop.elf")
for jit in (["--jit", "on"], ["--jit", "off"], ["--jit-audit"]):
    code, out, err = run(["run", "--kernel", smc, "--timeout-secs", "60"], jit)
    if code != 0:
        fail(f"smc_hot_loop with {' '.join(jit)}: exit status {code} (the failing case)\n{err[-1000:]}")
# 4. The bare-metal benchmarks, audited.
for name in ("coremark_like_short", "dhrystone_like_short"):
    elf = os.path.join(BUILD, "guests", "bare-bench", f"{name}.elf")
    args = ["run", "--kernel", elf, "--timeout-secs", "120"]
    audited = subprocess.run([MICROVM] + args[:1] + ["--jit-audit"] + args[1:], capture_output=True, timeout=300,
                             env=dict(os.environ, MICROVM_JIT_STATS="1"))
    reference = run(args, ["--jit", "off"])
    sums = [re.findall(r"checksum (0x[0-9a-f]+)", text) for text in (audited.stdout.decode(), reference[1])]
    blocks = re.search(r"audited (\d+) blocks", audited.stderr.decode())
    if audited.returncode != 0 or not sums[0] or sums[0] != sums[1]:
        fail(f"{name} under --jit-audit: exit status {audited.returncode}, checksums {sums[0]} (audited) and "
             f"{sums[1]} (interpreter)\n{audited.stderr.decode()[-3000:]}")
    if not blocks or int(blocks.group(1)) < 10000:
        fail(f"{name}: too few blocks audited to mean anything ({blocks.group(0) if blocks else 'none'})")
passed(f"jit on and off agree on {len(kernels)} deterministic kernels; {len(elfs)} ISA tests pass audited")
