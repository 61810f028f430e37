#!/usr/bin/env python3
"""N microvm instances boot Linux to its smoke test at the same time (default 32, on however few
cores the host has): every one must finish correctly, only slower. Not part of ctest; run it when
the run loop or the devices change, and put the figure in the notes:

    tests/stress/parallel_boots.py [N, default 32] [build directory, default build/release]
"""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 32
if len(sys.argv) > 2:
    os.environ["MICROVM_BUILD"] = os.path.abspath(sys.argv[2])

from harness import MICROVM  # noqa: E402
from linux_guest import linux_args  # noqa: E402

start = time.time()
procs = [subprocess.Popen([MICROVM] + linux_args("console=ttyS0 microvm.test=smoke", "--timeout-secs", "1800"),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
         for _ in range(COUNT)]
failures = 0
for n, proc in enumerate(procs, 1):
    out, _ = proc.communicate()
    ok = proc.returncode == 0 and b"MICROVM-GUEST: test smoke exit=0" in out
    failures += not ok
    if not ok:
        print(f"instance {n}: exit {proc.returncode}\n{out.decode(errors='replace')[-2000:]}")
print(f"{COUNT} parallel Linux smoke boots on {os.cpu_count()} cores: {COUNT - failures} passed, {failures} failed, "
      f"{time.time() - start:.0f} s wall")
sys.exit(1 if failures else 0)
