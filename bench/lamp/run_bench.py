#!/usr/bin/env python3
"""Lamp interpreter benchmark: single-core MIPS on a CPU-bound Polaris loop, and the speed-up of the
same per-core work on 2 cores (throughput at 2 cores / throughput at 1 core).

MIPS are given per second of wall time and per second of the process's own CPU time (user +
system): on a shared machine the first drops with the CPU share the run gets, the second much less,
so both are printed, with the load average at the start.

Usage: run_bench.py MICROVM [ITERATIONS]   (the `lamp_bench` CMake target runs it)
"""
import os
import re
import subprocess
import sys
import tempfile
import time

BODY = 6  # instructions per loop iteration in cpu_loop.asm


def run(microvm, binary, cores):
    start = time.perf_counter()
    proc = subprocess.Popen([microvm, "lamp", "--bin", binary, "--smp", str(cores), "--headless"],
                            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{microvm} failed: {out}")
    cycles = int(re.search(r"Execution complete in (\d+) cycles", out).group(1))
    return elapsed, usage.ru_utime + usage.ru_stime, cycles


def main():
    microvm = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 150_000_000
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cpu_loop.asm")
    print("load average at the start: {:.2f} {:.2f} {:.2f} ({} CPUs)".format(*os.getloadavg(), os.cpu_count()))
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "cpu_loop.bin")
        subprocess.run([microvm, "lamp-asm", source, "-o", binary, "-D", f"ITER={iterations}"], check=True)
        one = [run(microvm, binary, 1) for _ in range(3)]
        two = [run(microvm, binary, 2) for _ in range(3)]
    work = iterations * BODY
    t1, cpu1, c1 = min(one)
    t2, cpu2, c2 = min(two)
    best_cpu1 = min(r[1] for r in one)
    mips1 = work / t1 / 1e6
    mips2 = 2 * work / t2 / 1e6
    print(f"1 core : {c1} instructions in {t1:.3f} s -> {mips1:.0f} MIPS "
          f"({work / best_cpu1 / 1e6:.0f} MIPS per CPU second)")
    print(f"2 cores: {c2} instructions in {t2:.3f} s -> {mips2:.0f} MIPS total")
    print(f"speed-up at 2 cores: {mips2 / mips1:.2f}x")


if __name__ == "__main__":
    main()
