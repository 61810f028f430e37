#!/usr/bin/env python3
"""Lamp interpreter benchmark: single-core MIPS on a CPU-bound Polaris loop, and the speed-up of the
same per-core work on 2 cores (throughput at 2 cores / throughput at 1 core).

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
    out = subprocess.run([microvm, "lamp", "--bin", binary, "--smp", str(cores), "--headless"],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL, check=True).stdout
    elapsed = time.perf_counter() - start
    cycles = int(re.search(r"Execution complete in (\d+) cycles", out).group(1))
    return elapsed, cycles


def main():
    microvm = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 150_000_000
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cpu_loop.asm")
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "cpu_loop.bin")
        subprocess.run([microvm, "lamp-asm", source, "-o", binary, "-D", f"ITER={iterations}"], check=True)
        t1, c1 = min(run(microvm, binary, 1) for _ in range(3))
        t2, c2 = min(run(microvm, binary, 2) for _ in range(3))
    work = iterations * BODY
    mips1 = work / t1 / 1e6
    mips2 = 2 * work / t2 / 1e6
    print(f"1 core : {c1} instructions in {t1:.3f} s -> {mips1:.0f} MIPS")
    print(f"2 cores: {c2} instructions in {t2:.3f} s -> {mips2:.0f} MIPS total")
    print(f"speed-up at 2 cores: {mips2 / mips1:.2f}x")


if __name__ == "__main__":
    main()
