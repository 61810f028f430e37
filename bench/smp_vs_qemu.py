#!/usr/bin/env python3
"""SMP scaling: two CPU-bound Linux guest jobs at 1 and 2 harts on microvm and on QEMU (-smp N,
MTTCG), in one run, from bench/smp_jobs.sh (added to the initramfs as a second cpio archive, which
Linux unpacks over the first). `smp-pipes` is the image's own smp test, a `dd | sha256sum` pipeline
of 8 MiB per hart; `smp-files` is one sha256sum per hart of its own 32 MiB file in tmpfs, without
pipes. For each: wall time, the guest's own timing of the job, and host cores kept busy ((user +
sys) / wall). Twice the work on two harts should take well under twice the time. The guest times
its job with its monotonic clock in nanoseconds (the image's smp test uses /proc/uptime, whose 10 ms
steps are 2-5% of these jobs). The ratio is taken of mean job times without each side's slowest
and fastest round (one round in the VM's slow phase would otherwise move a mean by 10%). The last
row is the host's own ceiling: the same kind of job run natively (`sha256sum` of 128 MiB in
memory), one process against two at once on the same cores.

The host's two cores must be equally fast for the ratio to say anything about the emulator: a
two-hart job finishes with its slower core, a one-hart job runs on whichever core the host picks.
On a virtual machine whose neighbours load one physical core, one core can run 1.3-1.6x slower than
the other for minutes (seen here: the same guest job 970-1080 ms on one core, 670-690 on the
other). So each 1-hart/2-hart pair is run between two timings of a native `sha256sum` pinned to
each core in turn, and counts only when both show the cores within 10% of each other; an
unbalanced pair is tried again (up to 3 times), then left out and counted. Both ratios are printed:
over the balanced pairs, and over every pair.

    bench/smp_vs_qemu.py [--rounds N] [--microvm PATH] [--qemu PATH]
"""
import argparse
import gzip
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


def newc_archive(files):
    """A cpio archive in the "newc" format the kernel's initramfs unpacker reads: {path: (mode, bytes)}."""
    out = bytearray()

    def entry(name, mode, data, ino):
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0]
        out.extend(b"070701" + b"".join(b"%08X" % f for f in fields) + name.encode() + b"\0")
        out.extend(b"\0" * (-len(out) % 4))
        out.extend(data)
        out.extend(b"\0" * (-len(out) % 4))

    for ino, (name, (mode, data)) in enumerate(files.items(), start=1):
        entry(name, mode, data, ino)
    entry("TRAILER!!!", 0, b"", 0)
    return bytes(out)


JOBS = ("smp-pipes", "smp-files")


def initrd_with_jobs(initrd, folder):
    """The image's initramfs with bench/smp_jobs.sh appended under each job's name in /tests."""
    with open(os.path.join(HERE, "smp_jobs.sh"), "rb") as script:
        text = script.read()
    files = {"tests": (0o040755, b"")}
    files.update({f"tests/{job}.sh": (0o100755, text) for job in JOBS})
    extra = newc_archive(files)
    path = os.path.join(folder, "initramfs-smp.cpio.gz")
    with open(initrd, "rb") as base, open(path, "wb") as out:
        out.write(base.read())
        out.write(gzip.compress(extra))
    return path


# A boot and a job take 1-3 s on either emulator.
GUEST_TIMEOUT = 120


def run_once(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    try:
        stdout = subprocess.run(cmd, capture_output=True, timeout=GUEST_TIMEOUT, stdin=subprocess.DEVNULL).stdout
    except subprocess.TimeoutExpired as stuck:
        # Seen with QEMU: a guest that printed its result and then never powered off. The job's
        # own time still counts; the wall time is the timeout (the table shows medians).
        stdout = stuck.stdout or b""
        print(f"note: {cmd[0]} ran past {GUEST_TIMEOUT} s and was stopped", file=sys.stderr)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out = stdout.decode("utf-8", "replace")
    match = re.search(r"MICROVM-BENCH smp-\w+-sha256-\d+M-x\d+ ([\d.]+) ms", out)
    if not match or "exit=0" not in out:
        sys.exit(f"guest did not finish cleanly: {' '.join(cmd)}\n{out[-2000:]}")
    return wall, float(match.group(1)) / 1000, cpu / wall


def calibration_blob(size=32 << 20):
    """A file of random bytes in memory (/dev/shm where there is one), for native sha256sum."""
    blob = tempfile.NamedTemporaryFile(dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    blob.write(os.urandom(size))
    blob.flush()
    return blob


def host_scaling(rounds):
    """Native sha256sum: the wall time of two at once over one alone, per round."""
    ratios = []
    with calibration_blob(128 << 20) as blob:
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


# Native sha256sum time on the slower core over the faster, above which a pair is not counted.
BALANCE_LIMIT = 1.10
PAIR_TRIES = 3


def core_balance(blob):
    """The slower host core's time over the faster one's, for sha256sum of `blob` pinned to each."""
    times = []
    for core in sorted(os.sched_getaffinity(0))[:2]:
        start = time.monotonic()
        subprocess.run(["taskset", "-c", str(core), "sha256sum", blob], capture_output=True, check=True)
        times.append(time.monotonic() - start)
    return max(times) / min(times)


def balanced_pair(commands, blob):
    """Runs the 1-hart and the 2-hart command back to back until the host's cores are balanced
    before and after (at most PAIR_TRIES times): (results of the last try, whether it counts)."""
    for _ in range(PAIR_TRIES):
        before = core_balance(blob)
        pair = [run_once(cmd) for cmd in commands]
        after = core_balance(blob)
        if max(before, after) <= BALANCE_LIMIT:
            return pair, True
    return pair, False


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
    if len(os.sched_getaffinity(0)) < 2:
        sys.exit("smp_vs_qemu.py needs two host cores")
    results = {}
    with tempfile.TemporaryDirectory() as folder, calibration_blob() as blob:
        initrd = initrd_with_jobs(initrd, folder)
        for _ in range(args.rounds):
            for job in JOBS:
                for emulator in ("microvm", "qemu"):
                    append = f"console=ttyS0 microvm.test={job}"
                    commands = []
                    for harts in (1, 2):
                        if emulator == "qemu":
                            commands.append([args.qemu, "-M", "virt", "-smp", str(harts), "-m", "256M", "-nographic",
                                             "-no-reboot", "-kernel", image, "-initrd", initrd, "-append", append])
                        else:
                            commands.append([args.microvm, "run", "--cpus", str(harts), "--memory", "256", "--kernel",
                                             image, "--initrd", initrd, "--cmdline", append])
                    pair, balanced = balanced_pair(commands, blob.name)
                    results.setdefault((job, emulator), []).append((pair, balanced))
    print(f"{args.rounds} rounds; wall and host cores are medians, the job's time a mean without the slowest and "
          f"fastest; host {os.cpu_count()} cores")
    print(f"{'job':<10} {'emulator':<8} {'harts':>5} {'wall s':>8} {'job s':>7} {'host cores':>10} "
          f"{'job 2h/1h':>10} {'all pairs':>10} {'balanced':>9}")
    for job in JOBS:
        for emulator in ("microvm", "qemu"):
            pairs = results[(job, emulator)]
            kept = [pair for pair, balanced in pairs if balanced]
            for harts in (1, 2):
                rows = [pair[harts - 1] for pair, _ in pairs]
                wall = statistics.median(r[0] for r in rows)
                took = trimmed_mean(r[1] for r in rows)
                cores = statistics.median(r[2] for r in rows)
                ratio = every = count = ""
                if harts == 2:
                    every = f"{took / trimmed_mean(pair[0][1] for pair, _ in pairs):.2f}"
                    count = f"{len(kept)}/{len(pairs)}"
                    ratio = "-"
                    if kept:
                        ratio = f"{trimmed_mean(p[1][1] for p in kept) / trimmed_mean(p[0][1] for p in kept):.2f}"
                print(f"{job:<10} {emulator:<8} {harts:>5} {wall:>8.2f} {took:>7.3f} {cores:>10.2f} {ratio:>10} "
                      f"{every:>10} {count:>9}")
    print(f"{'host':<10} {'':<8} {'':>5} {'':>8} {'':>7} {'':>10} {host_scaling(max(args.rounds, 5)):>10.2f}  "
          "(native sha256sum, two at once / one)")


if __name__ == "__main__":
    main()
