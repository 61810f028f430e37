#!/usr/bin/env python3
"""Linux boots to its smoke test and powers off with every translated block audited (--jit-audit):
each block also runs on the interpreter from the same state, and the run would stop (exit status
70) at the first difference in registers, pc, traps, instructions retired or memory written.
Not part of ctest: the audit makes the boot many times slower (minutes). Run it when the
translator changes:

    tests/stress/linux_jit_audit.py [--timeout-secs N] [build directory, default build/release]

(from any working directory; the build directory's microvm runs the checkout's Linux guest).

The audited boot needs minutes of CPU time, and its wall time grows with what else the host runs. So
the timeout is 600 s times the host's load per core when the script starts (the 1-minute load
average over the number of cores, at least 1): 600 s on an idle machine, 2700 s at a load of 9 on
2 cores. --timeout-secs N sets it outright. A run that times out says which timeout it had.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BASE_TIMEOUT = 600


def default_timeout():
    cores = os.cpu_count() or 1
    return int(BASE_TIMEOUT * max(1.0, os.getloadavg()[0] / cores))


parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("build", nargs="?", help="the build directory (default build/release)")
parser.add_argument("--timeout-secs", type=int, default=None,
                    help=f"give up after this many seconds (default {BASE_TIMEOUT} times the load per core)")
args = parser.parse_args()
if args.timeout_secs is not None and args.timeout_secs <= 0:
    parser.error("--timeout-secs must be positive")
timeout = args.timeout_secs or default_timeout()

# From any working directory: the build's microvm and this checkout's guests.
ROOT = os.path.dirname(os.path.dirname(HERE))
build = os.path.abspath(args.build or os.environ.get("MICROVM_BUILD", os.path.join(ROOT, "build", "release")))
os.environ["MICROVM_BUILD"] = build
if args.build or "MICROVM" not in os.environ:
    os.environ["MICROVM"] = os.path.join(build, "microvm")
os.environ.setdefault("MICROVM_SOURCE", ROOT)
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))

from harness import run, expect_exit, expect_lines, expect_regex, linux_images, passed, MICROVM  # noqa: E402

probe = subprocess.run([MICROVM, "run", "--jit", "on", "--kernel", "/nonexistent"], capture_output=True)
if b"no translator" in probe.stderr:
    print("this build has no translator")
    raise SystemExit(77)

image, initrd = linux_images()
print(f"timeout: {timeout} s" + ("" if args.timeout_secs else f" (load {os.getloadavg()[0]:.1f} on "
                                                              f"{os.cpu_count()} cores)"), flush=True)
r = run(["run", "--jit-audit", "--kernel", image, "--initrd", initrd, "--cmdline",
         "console=ttyS0 microvm.test=smoke", "--timeout-secs", str(timeout)], timeout=timeout + 100)
expect_exit(r, 0)
expect_lines(r, ["Linux version 6.1", "Run /init as init process", "MICROVM-GUEST: smoke begin",
                 "MICROVM-GUEST: smoke end", "MICROVM-GUEST: test smoke exit=0"])
expect_regex(r, r"^sum: 200010000$")
passed("Linux smoke boot with every translated block audited")
