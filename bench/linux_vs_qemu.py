#!/usr/bin/env python3
"""Boots the same Linux guest on microvm and on QEMU (TCG) in one run and prints wall-time ratios.

Items: the `microvm.test=smoke` boot (start to power-off), the `microvm.test=bench` run, and each
workload the bench guest times with its own clock (MICROVM-BENCH lines). Rounds alternate between the
two emulators; the table shows medians and microvm/QEMU ratios (below 1 means microvm is faster).

    bench/linux_vs_qemu.py [--rounds N] [--cpus N] [--microvm PATH] [--qemu PATH]
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time

from guest_images import find_images

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def command(emulator, args, image, initrd, test):
    append = f"console=ttyS0 microvm.test={test}"
    if emulator == "qemu":
        return [args.qemu, "-M", "virt", "-smp", str(args.cpus), "-m", "256M", "-nographic", "-no-reboot",
                "-kernel", image, "-initrd", initrd, "-append", append]
    return [args.microvm, "run", "--cpus", str(args.cpus), "--memory", "256", "--kernel", image,
            "--initrd", initrd, "--cmdline", append]


def run_once(cmd):
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, timeout=600, stdin=subprocess.DEVNULL)
    wall = time.monotonic() - start
    out = proc.stdout.decode("utf-8", "replace")
    if "exit=0" not in out:
        sys.exit(f"guest did not finish cleanly: {' '.join(cmd)}\n{out[-2000:]}")
    items = {name: int(ms) / 1000 for name, ms in re.findall(r"MICROVM-BENCH (\S+) (\d+) ms", out)}
    return wall, items


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cpus", type=int, default=1)
    parser.add_argument("--microvm", default=os.path.join(ROOT, "build", "release", "microvm"))
    parser.add_argument("--qemu", default="qemu-system-riscv64")
    parser.add_argument("--only", choices=["smoke", "bench"], help="run one of the two guests")
    args = parser.parse_args()
    image, initrd = find_images()

    samples = {}  # (item, emulator) -> [seconds]
    tests = [args.only] if args.only else ["smoke", "bench"]
    for round_number in range(args.rounds):
        for test in tests:
            for emulator in ("microvm", "qemu"):
                wall, items = run_once(command(emulator, args, image, initrd, test))
                samples.setdefault((f"{test} (wall)", emulator), []).append(wall)
                for name, seconds in items.items():
                    samples.setdefault((name, emulator), []).append(seconds)
        print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)

    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"Linux guest, {args.cpus} hart(s), 256 MiB, {args.rounds} rounds; host: {cpu}, {os.cpu_count()} cores")
    print(f"{'item':<22} {'microvm s':>10} {'qemu s':>10} {'ratio':>7}")
    items = sorted({item for item, _ in samples}, key=lambda i: (not i.endswith("(wall)"), i))
    for item in items:
        m = statistics.median(samples.get((item, "microvm"), [float("nan")]))
        q = statistics.median(samples.get((item, "qemu"), [float("nan")]))
        print(f"{item:<22} {m:>10.2f} {q:>10.2f} {m / q if q else float('nan'):>7.2f}")


if __name__ == "__main__":
    main()
