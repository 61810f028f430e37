#!/usr/bin/env python3
"""Runs the bare-metal benchmark guests (guests/bare-bench: CoreMark-style and Dhrystone-style
programs written for this project) on microvm and on QEMU (TCG, -M virt -bios none) in one run and
prints each program's score (rounds per second of guest time, mtime at 10 MHz on both) and the
microvm/QEMU score ratio (above 1 means microvm is faster). Rounds alternate between the emulators;
the table shows medians. Extra microvm options go after `--` (e.g. `-- --jit off`).

    bench/bare_vs_qemu.py [--rounds N] [--microvm PATH] [--qemu PATH] [--build DIR] [-- microvm options]
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROGRAMS = ["coremark_like", "dhrystone_like"]
LINE = re.compile(r"^([a-z-]+): iterations (\d+) ticks (\d+) score (\d+\.\d{3}) checksum (0x[0-9a-f]{8})", re.M)


def run(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
    match = LINE.search(out.stdout.replace("\r\n", "\n"))
    if out.returncode != 0 or not match:
        sys.exit(f"{' '.join(cmd)} failed (status {out.returncode}):\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    return float(match.group(4)), match.group(5)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--microvm")
    parser.add_argument("--qemu", default="qemu-system-riscv64")
    parser.add_argument("extra", nargs="*", help="options for microvm run (after --)")
    args = parser.parse_args()
    microvm = args.microvm or os.path.join(args.build, "microvm")
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()}, "
          f"{os.cpu_count()} host CPUs, load {os.getloadavg()[0]:.1f}, {args.rounds} rounds, "
          f"microvm options: {' '.join(args.extra) or '(none)'}")
    print(f"{'program':<16} {'microvm':>12} {'qemu':>12} {'microvm/qemu':>13}  checksum")
    for name in PROGRAMS:
        elf = os.path.join(args.build, "guests", "bare-bench", f"{name}.elf")
        if not os.path.exists(elf):
            sys.exit(f"missing {elf}: build the guest_bare_bench target")
        scores = {"microvm": [], "qemu": []}
        sums = set()
        for _ in range(args.rounds):
            score, checksum = run([microvm, "run", "--kernel", elf] + args.extra)
            scores["microvm"].append(score)
            sums.add(checksum)
            score, checksum = run([args.qemu, "-M", "virt", "-bios", "none", "-nographic", "-kernel", elf])
            scores["qemu"].append(score)
            sums.add(checksum)
        if len(sums) != 1:
            sys.exit(f"{name}: the runs disagree on the checksum: {sorted(sums)}")
        mine, theirs = statistics.median(scores["microvm"]), statistics.median(scores["qemu"])
        print(f"{name:<16} {mine:>12.1f} {theirs:>12.1f} {mine / theirs:>12.2f}x  {sums.pop()}")


if __name__ == "__main__":
    main()
