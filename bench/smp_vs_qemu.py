#!/usr/bin/env python3
"""SMP scaling: the Linux guest's `microvm.test=smp` job (one sha256 job per hart) at 1 and 2 harts
on microvm and on QEMU (-smp N, MTTCG), in one run. For each: wall time, the guest's own timing of
the job, and host cores kept busy ((user + sys) / wall). Twice the work on two harts should take
well under twice the time. The guest times its job with /proc/uptime, in steps of 10 ms, and the job
is about 0.2 s: a median moves by a whole step (5%), so the ratio is taken of mean job times, which
average the steps out over the rounds (use 10 or more), without each side's slowest and fastest
round (one round in the VM's slow phase would otherwise move a mean by 10%). The last row is the host's own ceiling: the same kind of job run natively
(`sha256sum` of 128 MiB in memory), one process against two at once on the same cores.

    bench/smp_vs_qemu.py [--rounds N] [--microvm PATH] [--qemu PATH]
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from guest_images import find_images  # noqa: E402


def run_once(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, timeout=900, stdin=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out = proc.stdout.decode("utf-8", "replace")
    match = re.search(r"MICROVM-BENCH smp-sha256-8M-x\d+ (\d+) ms", out)
    if not match or "exit=0" not in out:
        sys.exit(f"guest did not finish cleanly: {' '.join(cmd)}\n{out[-2000:]}")
    return wall, int(match.group(1)) / 1000, cpu / wall


def host_scaling(rounds):
    """Native sha256sum: the wall time of two at once over one alone, per round."""
    ratios = []
    directory = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.NamedTemporaryFile(dir=directory) as blob:
        blob.write(os.urandom(128 << 20))
        blob.flush()
        for _ in range(rounds):
            start = time.monotonic()
            subprocess.run(["sha256sum", blob.name], capture_output=True, check=True)
            one = time.monotonic() - start
            start = time.monotonic()
            procs = [subprocess.Popen(["sha256sum", blob.name], stdout=subprocess.DEVNULL) for _ in range(2)]
            for proc in procs:
                proc.wait()
            ratios.append((time.monotonic() - start) / one)
    return statistics.median(ratios)


def trimmed_mean(values):
    values = sorted(values)
    return statistics.mean(values[1:-1] if len(values) >= 5 else values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--microvm", default=os.path.join(ROOT, "build", "release", "microvm"))
    parser.add_argument("--qemu", default="qemu-system-riscv64")
    args = parser.parse_args()
    image, initrd = find_images()
    append = "console=ttyS0 microvm.test=smp"
    results = {}
    for _ in range(args.rounds):
        for harts in (1, 2):
            for emulator in ("microvm", "qemu"):
                if emulator == "qemu":
                    cmd = [args.qemu, "-M", "virt", "-smp", str(harts), "-m", "256M", "-nographic", "-no-reboot",
                           "-kernel", image, "-initrd", initrd, "-append", append]
                else:
                    cmd = [args.microvm, "run", "--cpus", str(harts), "--memory", "256", "--kernel", image,
                           "--initrd", initrd, "--cmdline", append]
                results.setdefault((emulator, harts), []).append(run_once(cmd))
    print(f"microvm.test=smp (one 8 MiB sha256 per hart), {args.rounds} rounds; wall and host cores are "
          f"medians, the job's time a mean without the slowest and fastest; host {os.cpu_count()} cores")
    print(f"{'emulator':<8} {'harts':>5} {'wall s':>8} {'job s':>7} {'host cores':>10} {'job 2h/1h':>10}")
    for emulator in ("microvm", "qemu"):
        job1 = trimmed_mean(r[1] for r in results[(emulator, 1)])
        for harts in (1, 2):
            rows = results[(emulator, harts)]
            wall = statistics.median(r[0] for r in rows)
            job = trimmed_mean(r[1] for r in rows)
            cores = statistics.median(r[2] for r in rows)
            scaling = f"{job / job1:.2f}" if harts == 2 else ""
            print(f"{emulator:<8} {harts:>5} {wall:>8.2f} {job:>7.3f} {cores:>10.2f} {scaling:>10}")
    print(f"{'host':<8} {'':>5} {'':>8} {'':>7} {'':>10} {host_scaling(max(args.rounds, 5)):>10.2f}  "
          "(native sha256sum, two at once / one)")


if __name__ == "__main__":
    main()
