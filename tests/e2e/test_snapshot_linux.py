"""Linux snapshotted mid-boot and restored finishes the smoke test. With --deterministic, a run
stopped by --save-snapshot-at followed by the restored run prints exactly the bytes of one
uninterrupted run, on 1 and on 4 harts. A snapshot saved with Ctrl-A s while Linux boots (a
threaded run that goes on to the end) restores and finishes too."""
import os
import re
import tempfile

from harness import run, expect_exit, expect_lines, expect_regex, fail, passed, Session
from linux_guest import linux_args

SMOKE_END = ["MICROVM-GUEST: smoke end", "MICROVM-GUEST: test smoke exit=0"]


def dateless(text):
    """`text` without the host's date: the RTC reads the host's clock ("goldfish_rtc ...: setting
    system clock to 2026-12-05T17:39:34 UTC (1796492374)"), and a restored run reads it later."""
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d UTC \(\d+\)", "DATE", text)


def deterministic(harts, at, tmp):
    base = linux_args("console=ttyS0 microvm.test=smoke", "--deterministic", "--cpus", str(harts),
                      "--timeout-secs", "600")
    whole = run(base, timeout=700)
    expect_exit(whole, 0)
    expect_lines(whole, ["MICROVM-GUEST: smoke begin"] + SMOKE_END)
    snap = os.path.join(tmp, f"linux{harts}.snap")
    first = run(base + ["--save-snapshot", snap, "--save-snapshot-at", str(at)], timeout=700)
    expect_exit(first, 0)
    if "Run /init as init process" in first.stdout:
        fail(f"{harts} harts: the snapshot at {at} instructions was not taken mid-boot", first)
    info = run(["inspect", snap])
    expect_exit(info, 0)
    expect_regex(info, rf"^machine: riscv-virt, 128 MiB RAM, {harts} harts?, deterministic, firmware: built-in SBI")
    expect_regex(info, r"^command line: console=ttyS0 microvm\.test=smoke$")
    expect_regex(info, r"^hart 0: pc=0xffffffff[0-9a-f]{8} S-mode")
    restored = run(["run", "--load-snapshot", snap, "--timeout-secs", "600"], timeout=700)
    expect_exit(restored, 0)
    expect_lines(restored, SMOKE_END)
    if first.stdout + restored.stdout != whole.stdout:
        a, b = first.stdout + restored.stdout, whole.stdout
        at_diff = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        fail(f"{harts} harts: saved + restored output differs from the uninterrupted run at byte {at_diff}:\n"
             f"{a[max(0, at_diff - 300):at_diff + 300]!r}\nvs\n{b[max(0, at_diff - 300):at_diff + 300]!r}")
    print(f"{harts} harts: {len(first.stdout)} bytes before the snapshot, {len(restored.stdout)} after: identical")


with tempfile.TemporaryDirectory() as tmp:
    deterministic(1, 100_000_000, tmp)
    deterministic(4, 60_000_000, tmp)

    # Ctrl-A s while the kernel boots; the run goes on and finishes by itself.
    snap = os.path.join(tmp, "monitor.snap")
    session = Session(linux_args("console=ttyS0 microvm.test=smoke", "--save-snapshot", snap,
                                 "--timeout-secs", "600"))
    session.expect(r"Linux version 6\.1", timeout=300)
    session.send(b"\x01s")
    whole = session.finish(timeout=600)
    expect_exit(whole, 0)
    expect_regex(whole, r"Ctrl-A s: saved a snapshot to .*monitor\.snap at instruction \d+ of hart 0", "stderr")
    expect_lines(whole, SMOKE_END)
    restored = run(["run", "--load-snapshot", snap, "--timeout-secs", "600"], timeout=700)
    expect_exit(restored, 0)
    # Where the boot was when Ctrl-A s arrived depends on the host's load (before or after "Run
    # /init"), so the restored run must end the smoke test without booting again, and everything it
    # printed must be what the uninterrupted run printed after that point.
    expect_lines(restored, SMOKE_END)
    if "Linux version 6.1" in restored.stdout:
        fail("the restored run booted again instead of resuming", restored)
    tail = restored.stdout.replace("\r\n", "\n").strip().splitlines()
    kernel_lines = [line for line in tail if line.startswith("[")]
    if kernel_lines and dateless(kernel_lines[0].split("]", 1)[1]) not in dateless(whole.stdout):
        fail("the restored run's first kernel line is not one the uninterrupted run printed", restored)
passed("Linux snapshotted mid-boot resumes and finishes; deterministic runs are byte-identical")
