#!/usr/bin/env python3
"""Boots the same Linux guest on microvm and on QEMU (TCG) in one run and prints time ratios.

Items: the `microvm.test=smoke` boot (start to power-off), the `microvm.test=bench` run, and each
workload the bench guest times with its own clock (MICROVM-BENCH lines). Rounds alternate between the
two emulators; the table shows medians and microvm/QEMU ratios (below 1 means microvm is faster).
For the two whole runs it also gives the emulator process's CPU time (user + system, from os.wait4):
on a loaded host wall time includes waiting for a core, CPU time does not; CPU time above wall time
means more than one host thread worked (microvm runs one thread per hart, QEMU's MTTCG likewise).

    bench/linux_vs_qemu.py [--rounds N] [--cpus N] [--microvm PATH] [--qemu PATH]
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
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
    """Wall seconds, CPU seconds of the emulator process, and the guest-timed items."""
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        killer = threading.Timer(600, proc.kill)
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)  # reaps it: its own rusage, nobody else's
        wall = time.monotonic() - start
        killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if "exit=0" not in text:
        sys.exit(f"guest did not finish cleanly (status {proc.returncode}): {' '.join(cmd)}\n{text[-2000:]}")
    items = {name: int(ms) / 1000 for name, ms in re.findall(r"MICROVM-BENCH (\S+) (\d+) ms", text)}
    return wall, usage.ru_utime + usage.ru_stime, items


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
    cpu_samples = {}  # (whole-run item, emulator) -> [CPU seconds of the emulator process]
    tests = [args.only] if args.only else ["smoke", "bench"]
    for round_number in range(args.rounds):
        for test in tests:
            # Each goes first in half the rounds: a run right after another is not always as fast.
            for emulator in ("microvm", "qemu") if round_number % 2 == 0 else ("qemu", "microvm"):
                wall, cpu_time, items = run_once(command(emulator, args, image, initrd, test))
                samples.setdefault((f"{test} (whole run)", emulator), []).append(wall)
                cpu_samples.setdefault((f"{test} (whole run)", emulator), []).append(cpu_time)
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
    print("wall: seconds from start to exit (guest-timed items: the guest's clock); "
          "cpu: the emulator's user+system seconds; ratio: microvm/QEMU")
    print(f"{'item':<22} {'microvm s':>10} {'qemu s':>10} {'ratio':>7}   "
          f"{'microvm cpu s':>13} {'qemu cpu s':>10} {'cpu ratio':>9}")
    items = sorted({item for item, _ in samples}, key=lambda i: (not i.endswith("(whole run)"), i))
    for item in items:
        m, q = median(samples, item, "microvm"), median(samples, item, "qemu")
        line = f"{item:<22} {m:>10.2f} {q:>10.2f} {ratio(m, q):>7.2f}"
        if (item, "microvm") in cpu_samples:
            mc, qc = median(cpu_samples, item, "microvm"), median(cpu_samples, item, "qemu")
            line += f"   {mc:>13.2f} {qc:>10.2f} {ratio(mc, qc):>9.2f}"
        print(line)


def median(samples, item, emulator):
    return statistics.median(samples.get((item, emulator), [float("nan")]))


def ratio(a, b):
    return a / b if b else float("nan")


if __name__ == "__main__":
    main()
