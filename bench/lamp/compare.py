#!/usr/bin/env python3
"""Two microvm binaries on the CPU-bound lamp loop (cpu_loop.asm, one core), run in turns so that a
change in the machine's load hits both alike. Prints each one's minimum CPU time (user + system) and
MIPS per CPU second, the ratio, and the load average before and after: the way to tell whether a
change to the run loop is faster on a shared machine (docs/performance-notes.md).

Usage: compare.py BEFORE AFTER [--runs N] [--iterations N]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

BODY = 6  # instructions per loop iteration in cpu_loop.asm


def cpu_seconds(microvm, binary, expected):
    proc = subprocess.Popen([microvm, "lamp", "--bin", binary, "--headless"], stdout=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True, cwd=os.path.dirname(binary))
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    match = re.search(r"Execution complete in (\d+) cycles", out)
    if status != 0 or not match:
        sys.exit(f"{microvm} failed: {out}")
    if int(match.group(1)) < expected:
        sys.exit(f"{microvm} ran {match.group(1)} instructions, expected at least {expected}")
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=150_000_000)
    args = parser.parse_args()
    args.before, args.after = os.path.abspath(args.before), os.path.abspath(args.after)
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cpu_loop.asm")
    work = args.iterations * BODY
    print("load average before: {:.2f} {:.2f} {:.2f} ({} CPUs)".format(*os.getloadavg(), os.cpu_count()))
    times = {"before": [], "after": []}
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "cpu_loop.bin")
        subprocess.run([args.before, "lamp-asm", source, "-o", binary, "-D", f"ITER={args.iterations}"], check=True,
                       cwd=tmp)
        for _ in range(args.runs):
            for which in ("before", "after"):
                times[which].append(cpu_seconds(getattr(args, which), binary, work))
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    for which in ("before", "after"):
        best = min(times[which])
        print(f"{which:6}: min {best:.3f} CPU s of {args.runs} ({' '.join(f'{t:.2f}' for t in times[which])}), "
              f"{work / best / 1e6:.0f} MIPS per CPU second")
    print(f"after/before speed: {min(times['before']) / min(times['after']):.2f}x")


if __name__ == "__main__":
    main()
