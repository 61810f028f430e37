#!/usr/bin/env python3
"""Snapshot size and save/restore time for an idle Linux guest (128 MiB by default).

Boots the Linux guest to its idle shell, lets it sit, stops it with --timeout-secs and saves a
snapshot on exit; then restores it several times (each restore stopped at once with --max-insns 1).
Prints the snapshot's size, RAM pages stored, the save time microvm reports, and the median restore
time (process start to exit, so it includes reading, checking and decompressing the file).

    bench/snapshot_linux.py [--memory MIB] [--cpus N] [--rounds N] [--microvm PATH]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from guest_images import find_images

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory", type=int, default=128)
    parser.add_argument("--cpus", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--idle-secs", type=int, default=20, help="how long the guest runs before the snapshot")
    parser.add_argument("--microvm", default=os.path.join(ROOT, "build", "release", "microvm"))
    args = parser.parse_args()
    image, initrd = find_images()
    with tempfile.TemporaryDirectory() as tmp:
        snap = os.path.join(tmp, "idle.snap")
        boot = subprocess.run([args.microvm, "run", "--memory", str(args.memory), "--cpus", str(args.cpus),
                               "--kernel", image, "--initrd", initrd, "--cmdline", "console=ttyS0",
                               "--timeout-secs", str(args.idle_secs), "--save-snapshot", snap],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if "MICROVM-GUEST: shell ready" not in boot.stdout:
            sys.exit(f"the guest did not reach its shell in {args.idle_secs} s:\n{boot.stdout[-2000:]}")
        saved = re.search(r"saved a snapshot to .* \((\d+) ms\)", boot.stderr)
        if not saved:
            sys.exit(f"no snapshot saved:\n{boot.stderr}")
        info = subprocess.run([args.microvm, "inspect", snap], capture_output=True, text=True, check=True).stdout
        pages = re.search(r"(\d+) of (\d+) pages stored", info)
        times = []
        for _ in range(args.rounds):
            start = time.monotonic()
            subprocess.run([args.microvm, "run", "--load-snapshot", snap, "--max-insns", "1"],
                           stdin=subprocess.DEVNULL, capture_output=True)
            times.append(time.monotonic() - start)
        size = os.path.getsize(snap)
        print(f"idle Linux, {args.memory} MiB, {args.cpus} hart(s), after {args.idle_secs} s:")
        print(f"  snapshot size      {size / 2**20:8.2f} MiB ({pages.group(1)} of {pages.group(2)} RAM pages stored)")
        print(f"  save time          {int(saved.group(1)):8d} ms (reported by microvm)")
        print(f"  restore time       {statistics.median(times) * 1000:8.0f} ms (median of {args.rounds}, whole process)")


if __name__ == "__main__":
    main()
