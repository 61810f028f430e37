#!/usr/bin/env python3
"""SMP scaling: two CPU-bound Linux guest jobs at 1 and 2 harts on microvm and on QEMU (-smp N,
MTTCG), in one run, from bench/smp_jobs.sh (added to the initramfs as a second cpio archive, which
Linux unpacks over the first). `smp-pipes` is the image's own smp test, a `dd | sha256sum` pipeline
of 8 MiB per hart; `smp-files` is one sha256sum per hart of its own 32 MiB file in tmpfs, without
pipes. For each: wall time, the guest's own timing of the job, and host cores kept busy ((user +
sys) / wall). Twice the work on two harts should take well under twice the time. Each round also
runs two 1-hart guests at once ("1+1"): the same work with nothing shared but the host, so that
the 2-hart run over it ("2h/(1+1)") is what the emulator's SMP itself costs, apart from what the
host's two busy cores cost its code. The guest times its job with its monotonic clock in
nanoseconds (the image's smp test uses /proc/uptime, whose 10 ms steps are 2-5% of these jobs).
The ratio is taken of mean job times without each side's slowest and fastest round (one round in
the VM's slow phase would otherwise move a mean by 10%). The last row is the host's own ceiling:
the same kind of job run natively (`sha256sum` of 128 MiB in memory), one process against two at
once on the same cores.

The host's two cores must be equally fast for the ratio to say anything about the emulator: a
two-hart job finishes with its slower core, a one-hart job runs on whichever core the host picks.
On a virtual machine whose neighbours load one physical core, one core can run 1.3-1.6x slower than
the other for minutes (seen here: the same guest job 970-1080 ms on one core, 670-690 on the
other). So each round's three runs are run between two timings of a native `sha256sum` pinned to
each core in turn, and counts only when both show the cores within 10% of each other; an
unbalanced round is tried again (up to 3 times), then left out and counted. Both ratios are printed:
over the balanced rounds, and over every round.

`--scale K` gives each job K times the data (and the guest K times the memory), for jobs longer
than Linux's balancing intervals (4-32 ms) and the host's short stalls. `--emulators microvm`
leaves QEMU out; `MICROVM_JIT=off` in the environment times microvm's interpreter.

    bench/smp_vs_qemu.py [--rounds N] [--scale K] [--emulators LIST] [--microvm PATH] [--qemu PATH]
"""
import argparse
import gzip
import hashlib
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


# Each job's data per hart at --scale 1, MiB of zeros.
JOB_MIB = {"smp-pipes": 8, "smp-files": 32}


def initrd_with_jobs(initrd, folder, scale=1):
    """The image's initramfs with bench/smp_jobs.sh appended under each job's name in /tests, and
    at another scale each job's size and the sha256 it should print, in /tests/JOB.size."""
    with open(os.path.join(HERE, "smp_jobs.sh"), "rb") as script:
        text = script.read()
    files = {"tests": (0o040755, b"")}
    files.update({f"tests/{job}.sh": (0o100755, text) for job in JOBS})
    if scale != 1:
        for job, mib in JOB_MIB.items():
            digest = hashlib.sha256(bytes(mib * scale << 20)).hexdigest()
            files[f"tests/{job}.size"] = (0o100644, f"{mib * scale} {digest}\n".encode())
    extra = newc_archive(files)
    path = os.path.join(folder, "initramfs-smp.cpio.gz")
    with open(initrd, "rb") as base, open(path, "wb") as out:
        out.write(base.read())
        out.write(gzip.compress(extra))
    return path


# A boot and a job take 1-3 s on either emulator.
GUEST_TIMEOUT = 120


def job_time(cmd, stdout):
    """The job's time in seconds as the guest printed it."""
    out = stdout.decode("utf-8", "replace")
    match = re.search(r"MICROVM-BENCH smp-\w+-sha256-\d+M-x\d+ ([\d.]+) ms", out)
    if not match or "exit=0" not in out:
        sys.exit(f"guest did not finish cleanly: {' '.join(cmd)}\n{out[-2000:]}")
    return float(match.group(1)) / 1000


def run_once(cmd, copies=1):
    """Runs `copies` of the command at once: (wall time, the slowest copy's job time, host cores)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
             for _ in range(copies)]
    outputs = []
    for proc in procs:
        try:
            outputs.append(proc.communicate(timeout=max(1, GUEST_TIMEOUT - (time.monotonic() - start)))[0])
        except subprocess.TimeoutExpired:
            # Seen with QEMU: a guest that printed its result and then never powered off. The job's
            # own time still counts; the wall time is the timeout (the table shows medians).
            proc.kill()
            outputs.append(proc.communicate()[0])
            print(f"note: {cmd[0]} ran past {GUEST_TIMEOUT} s and was stopped", file=sys.stderr)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, max(job_time(cmd, out) for out in outputs), cpu / wall


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


# The runs of a round: (harts, copies at once). Two 1-hart copies at once do the 2-hart run's work
# with nothing shared but the host: what the host's two busy cores cost this emulator's code.
RUNS = ((1, 1), (1, 2), (2, 1))


def balanced_pair(commands, blob, backwards=False):
    """Runs the 1-hart command, two copies of it at once and the 2-hart command back to back until
    the host's cores are balanced before and after (at most PAIR_TRIES times): (results of the
    last try, in RUNS's order, whether it counts). `backwards` runs them in the opposite order: a
    run is slower right after another of the same binary than first (seen in A/B rounds), so the
    rounds alternate."""
    order = range(len(RUNS))[::-1] if backwards else range(len(RUNS))
    for _ in range(PAIR_TRIES):
        before = core_balance(blob)
        pair = [None] * len(RUNS)
        for run in order:
            harts, copies = RUNS[run]
            pair[run] = run_once(commands[harts - 1], copies)
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
    parser.add_argument("--scale", type=int, default=1, help="each job's data times K (default 1)")
    parser.add_argument("--emulators", default="microvm,qemu", help="which to run, comma-separated")
    parser.add_argument("--microvm", default=os.path.join(ROOT, "build", "release", "microvm"))
    parser.add_argument("--qemu", default="qemu-system-riscv64")
    args = parser.parse_args()
    emulators = [e for e in args.emulators.split(",") if e]
    if args.scale < 1 or not emulators or any(e not in ("microvm", "qemu") for e in emulators):
        sys.exit("smp_vs_qemu.py: --scale must be at least 1 and --emulators a list of microvm and qemu")
    image, initrd = find_images()
    if len(os.sched_getaffinity(0)) < 2:
        sys.exit("smp_vs_qemu.py needs two host cores")
    results = {}
    with tempfile.TemporaryDirectory() as folder, calibration_blob() as blob:
        initrd = initrd_with_jobs(initrd, folder, args.scale)
        memory = 256 * args.scale  # the files job's data is in tmpfs
        for round_number in range(args.rounds):
            backwards = round_number % 2 == 1  # each emulator and each run goes first in half the rounds
            for job in JOBS:
                for emulator in emulators[::-1] if backwards else emulators:
                    append = f"console=ttyS0 microvm.test={job}"
                    commands = []
                    for harts in (1, 2):
                        if emulator == "qemu":
                            commands.append([args.qemu, "-M", "virt", "-smp", str(harts), "-m", f"{memory}M", "-nographic",
                                             "-no-reboot", "-kernel", image, "-initrd", initrd, "-append", append])
                        else:
                            commands.append([args.microvm, "run", "--cpus", str(harts), "--memory", str(memory), "--kernel",
                                             image, "--initrd", initrd, "--cmdline", append])
                    pair, balanced = balanced_pair(commands, blob.name, backwards)
                    results.setdefault((job, emulator), []).append((pair, balanced))
    jit = os.environ.get("MICROVM_JIT", "on")
    print(f"scale {args.scale} (pipes {JOB_MIB['smp-pipes'] * args.scale} MiB, files {JOB_MIB['smp-files'] * args.scale} "
          f"MiB per hart), microvm's JIT {jit}")
    print(f"{args.rounds} rounds; wall and host cores are medians, the job's time a mean without the slowest and "
          f"fastest; host {os.cpu_count()} cores")
    print(f"{'job':<10} {'emulator':<8} {'harts':>5} {'wall s':>8} {'job s':>7} {'host cores':>10} "
          f"{'job / 1h':>9} {'all pairs':>10} {'balanced':>9} {'2h/(1+1)':>9}")
    for job in JOBS:
        for emulator in emulators:
            pairs = results[(job, emulator)]
            kept = [pair for pair, balanced in pairs if balanced]
            for run, (harts, copies) in enumerate(RUNS):
                rows = [pair[run] for pair, _ in pairs]
                wall = statistics.median(r[0] for r in rows)
                took = trimmed_mean(r[1] for r in rows)
                cores = statistics.median(r[2] for r in rows)
                ratio = every = count = over_copies = ""
                if run > 0:
                    every = f"{took / trimmed_mean(pair[0][1] for pair, _ in pairs):.2f}"
                    count = f"{len(kept)}/{len(pairs)}"
                    ratio = "-"
                    if kept:
                        ratio = f"{trimmed_mean(p[run][1] for p in kept) / trimmed_mean(p[0][1] for p in kept):.2f}"
                if harts == 2 and kept:
                    over_copies = f"{trimmed_mean(p[run][1] for p in kept) / trimmed_mean(p[1][1] for p in kept):.2f}"
                label = "1+1" if copies == 2 else str(harts)
                print(f"{job:<10} {emulator:<8} {label:>5} {wall:>8.2f} {took:>7.3f} {cores:>10.2f} {ratio:>9} "
                      f"{every:>10} {count:>9} {over_copies:>9}")
    print(f"{'host':<10} {'':<8} {'':>5} {'':>8} {'':>7} {'':>10} {host_scaling(max(args.rounds, 5)):>10.2f}  "
          "(native sha256sum, two at once / one)")


if __name__ == "__main__":
    main()
