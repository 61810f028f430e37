"""Threaded blocks and one-instruction-at-a-time blocks give the same machine.

MICROVM_EXACT_BLOCKS=1 makes every hart run each instruction as a block of its own (the plain
semantics, with the budget checked after every instruction), the reference the threaded chains of
handlers must agree with (the execution contract in src/riscv/exec_common.h). In deterministic
mode guest time follows the instruction count, so both runs must print the same bytes and stop
at --max-insns in the same state: pc, privilege, instret, mip, mie, mstatus, satp, stimecmp. Not
time: a threaded block may run a few instructions past its budget (straight-line code runs on to
the next jump, exec_common.h), so a deterministic turn can be a little longer than an exact one.
"""
import glob
import os
import re

from harness import fail, passed, BUILD, MICROVM
import subprocess


def run_both(args):
    results = []
    for exact in ("0", "1"):
        env = dict(os.environ, MICROVM_EXACT_BLOCKS=exact)
        proc = subprocess.run([MICROVM] + args, capture_output=True, timeout=120, env=env)
        results.append((proc.returncode, proc.stdout.decode("utf-8", "replace"),
                        proc.stderr.decode("utf-8", "replace")))
    return results


kernels = sorted(glob.glob(os.path.join(BUILD, "guests", "compare", "*.elf")))
if len(kernels) < 4:
    fail("the comparison kernels are missing from " + os.path.join(BUILD, "guests", "compare"))

checked = 0
for kernel in kernels:
    name = os.path.basename(kernel)
    threaded, exact = run_both(["run", "--kernel", kernel, "--deterministic", "--timeout-secs", "60"])
    if threaded[0] != 0 or exact[0] != 0:
        fail(f"{name}: exit statuses {threaded[0]} (threaded) and {exact[0]} (exact), expected 0:\n"
             f"{threaded[2][-1000:]}\n{exact[2][-1000:]}")
    if threaded[1] != exact[1] or len(threaded[1].splitlines()) < 5:
        fail(f"{name}: output differs between threaded and exact blocks:\n--- threaded\n{threaded[1][-1500:]}"
             f"\n--- exact\n{exact[1][-1500:]}")
    # Stop in the middle, at limits that fall inside blocks, and compare where the hart is.
    for limit in (777, 12345, 100003, 250001):
        threaded, exact = run_both(["run", "--kernel", kernel, "--deterministic", "--max-insns", str(limit)])
        states = [[re.sub(r" time=\d+", "", l) for l in r[2].splitlines() if l.startswith("microvm: hart ")]
                  for r in (threaded, exact)]
        if threaded[0] == 125 and f"{limit} instructions;" not in "".join(states[0]):
            fail(f"{name}: --max-insns {limit} did not stop at {limit}:\n{threaded[2]}")
        if threaded[0] != exact[0] or states[0] != states[1]:
            fail(f"{name} --max-insns {limit}: threaded and exact blocks disagree:\n"
                 f"--- threaded ({threaded[0]})\n{threaded[2]}\n--- exact ({exact[0]})\n{exact[2]}")
        checked += 1
    print(f"{name}: same output and same state at 4 limits")
passed(f"{len(kernels)} kernels, {checked} stops: threaded and exact blocks agree")
