#!/usr/bin/env python3
"""SMP scaling: two CPU-bound Linux guest jobs at 1 and 2 harts on microvm and on QEMU (-smp N,
MTTCG), in one run. `smp` is the image's own test, a `dd | sha256sum` pipeline of 8 MiB per hart;
`smp-files` (bench/smp_files.sh, added to the initramfs as a second cpio archive, which Linux
unpacks over the first) is one sha256sum per hart of its own 32 MiB file in tmpfs, without pipes.
For each: wall time, the guest's own timing of the job, and host cores kept busy ((user + sys) /
wall). Twice the work on two harts should take well under twice the time. The guest times its job
with /proc/uptime, in steps of 10 ms, on jobs of 0.2-0.5 s: a median moves by a whole step (2-5%),
so the ratio is taken of mean job times, which average the steps out over the rounds (use 10 or
more), without each side's slowest and fastest round (one round in the VM's slow phase would
otherwise move a mean by 10%). The last row is the host's own ceiling: the same kind of job run
natively (`sha256sum` of 128 MiB in memory), one process against two at once on the same cores.

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


def initrd_with_files_job(initrd, folder):
    """The image's initramfs with bench/smp_files.sh appended as /tests/smp-files.sh."""
    with open(os.path.join(HERE, "smp_files.sh"), "rb") as script:
        extra = newc_archive({"tests": (0o040755, b""), "tests/smp-files.sh": (0o100755, script.read())})
    path = os.path.join(folder, "initramfs-smp.cpio.gz")
    with open(initrd, "rb") as base, open(path, "wb") as out:
        out.write(base.read())
        out.write(gzip.compress(extra))
    return path


def run_once(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, timeout=900, stdin=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out = proc.stdout.decode("utf-8", "replace")
    match = re.search(r"MICROVM-BENCH smp(?:-files)?-sha256-\d+M-x\d+ (\d+) ms", out)
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
    with tempfile.TemporaryDirectory() as folder:
        initrd = initrd_with_files_job(initrd, folder)
        results = {}
        for _ in range(args.rounds):
            for job in ("smp", "smp-files"):
                for harts in (1, 2):
                    for emulator in ("microvm", "qemu"):
                        append = f"console=ttyS0 microvm.test={job}"
                        if emulator == "qemu":
                            cmd = [args.qemu, "-M", "virt", "-smp", str(harts), "-m", "256M", "-nographic",
                                   "-no-reboot", "-kernel", image, "-initrd", initrd, "-append", append]
                        else:
                            cmd = [args.microvm, "run", "--cpus", str(harts), "--memory", "256", "--kernel", image,
                                   "--initrd", initrd, "--cmdline", append]
                        results.setdefault((job, emulator, harts), []).append(run_once(cmd))
    print(f"{args.rounds} rounds; wall and host cores are medians, the job's time a mean without the slowest and "
          f"fastest; host {os.cpu_count()} cores")
    print(f"{'job':<10} {'emulator':<8} {'harts':>5} {'wall s':>8} {'job s':>7} {'host cores':>10} {'job 2h/1h':>10}")
    for job in ("smp", "smp-files"):
        for emulator in ("microvm", "qemu"):
            job1 = trimmed_mean(r[1] for r in results[(job, emulator, 1)])
            for harts in (1, 2):
                rows = results[(job, emulator, harts)]
                wall = statistics.median(r[0] for r in rows)
                took = trimmed_mean(r[1] for r in rows)
                cores = statistics.median(r[2] for r in rows)
                scaling = f"{took / job1:.2f}" if harts == 2 else ""
                print(f"{job:<10} {emulator:<8} {harts:>5} {wall:>8.2f} {took:>7.3f} {cores:>10.2f} {scaling:>10}")
    print(f"{'host':<10} {'':<8} {'':>5} {'':>8} {'':>7} {'':>10} {host_scaling(max(args.rounds, 5)):>10.2f}  "
          "(native sha256sum, two at once / one)")


if __name__ == "__main__":
    main()
