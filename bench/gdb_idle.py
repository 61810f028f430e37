#!/usr/bin/env python3
"""Does an idle debugger, or a trace that is over, cost a run anything? Runs the same guest (the
Linux smoke test, or any `microvm run` arguments given after --) four ways, rounds alternating:
plain, with the GDB stub listening, with gdb-multiarch attached and continued (no breakpoints),
and with a trace that ends after its first line (--trace-count 1: the rest of the run is
untraced). Prints the medians of the CPU time microvm used (user + system, which a loaded host
disturbs far less than the wall time) and of the wall time, as ratios to the plain run.

    bench/gdb_idle.py [--rounds N] [--microvm PATH] [-- microvm run arguments...]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from guest_images import find_images

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed(cmd, attach=None):
    """(cpu seconds, wall seconds) of one microvm run; with `attach`, a socket gdb attaches to."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if attach:
        while not os.path.exists(attach):
            time.sleep(0.01)
        subprocess.run(["gdb-multiarch", "-nx", "-batch", "-ex", "set architecture riscv:rv64", "-ex",
                        f"target remote {attach}", "-ex", "continue"], stdin=subprocess.DEVNULL,
                       capture_output=True)
    _, _, usage = os.wait4(proc.pid, 0)  # microvm's own CPU time, not gdb's
    wall = time.monotonic() - start
    return usage.ru_utime + usage.ru_stime, wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--microvm", default=os.path.join(ROOT, "build", "release", "microvm"))
    parser.add_argument("run_args", nargs="*")
    args = parser.parse_args()
    run_args = args.run_args
    if not run_args:
        image, initrd = find_images()
        run_args = ["--kernel", image, "--initrd", initrd, "--cmdline", "console=ttyS0 microvm.test=smoke",
                    "--timeout-secs", "300"]
    base = [args.microvm, "run"] + run_args
    results = {"plain": [], "stub listening": [], "gdb attached, idle": [], "trace ended at once": []}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            results["plain"].append(timed(base))
            results["stub listening"].append(timed(base + ["--gdb", f"unix:{tmp}/a{r}"]))
            sock = f"{tmp}/b{r}"
            results["gdb attached, idle"].append(timed(base + ["--gdb", "unix:" + sock, "--gdb-wait"], sock))
            results["trace ended at once"].append(timed(base + ["--trace-file", os.devnull, "--trace-count", "1"]))
    plain_cpu = statistics.median(c for c, _ in results["plain"])
    plain_wall = statistics.median(w for _, w in results["plain"])
    print(f"median of {args.rounds} rounds (load {os.getloadavg()[0]:.1f}), ratios to the plain run:")
    for name, runs in results.items():
        cpu, wall = statistics.median(c for c, _ in runs), statistics.median(w for _, w in runs)
        print(f"  {name:22} cpu {cpu:6.2f} s ({cpu / plain_cpu:4.2f}x)   wall {wall:6.2f} s ({wall / plain_wall:4.2f}x)")


if __name__ == "__main__":
    sys.exit(main())
