#!/usr/bin/env python3
"""Linux boots to its smoke test and powers off with every translated block audited (--jit-audit):
each block also runs on the interpreter from the same state, and the run would stop (exit status
70) at the first difference in registers, pc, traps, instructions retired or memory written.
Not part of ctest: the audit makes the boot many times slower (minutes). Run it when the
translator changes:

    tests/stress/linux_jit_audit.py [build directory, default build/release]
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
if len(sys.argv) > 1:
    os.environ["MICROVM_BUILD"] = os.path.abspath(sys.argv[1])

from harness import run, expect_exit, expect_lines, expect_regex, linux_images, passed, MICROVM  # noqa: E402

probe = subprocess.run([MICROVM, "run", "--jit", "on", "--kernel", "/nonexistent"], capture_output=True)
if b"no translator" in probe.stderr:
    print("this build has no translator")
    raise SystemExit(77)

image, initrd = linux_images()
r = run(["run", "--jit-audit", "--kernel", image, "--initrd", initrd, "--cmdline",
         "console=ttyS0 microvm.test=smoke", "--timeout-secs", "600"], timeout=700)
expect_exit(r, 0)
expect_lines(r, ["Linux version 6.1", "Run /init as init process", "MICROVM-GUEST: smoke begin",
                 "MICROVM-GUEST: smoke end", "MICROVM-GUEST: test smoke exit=0"])
expect_regex(r, r"^sum: 200010000$")
passed("Linux smoke boot with every translated block audited")
