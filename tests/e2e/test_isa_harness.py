"""The ISA tests' harness (guests/tests/common/test.h) reports failures: a check that fails before
the first numbered case fails the run (it would otherwise write tohost = 1, a pass), and a failing
case's number is the exit status, from M-mode, U-mode and the S-mode variant alike."""
import os
from harness import BUILD, run, expect_exit, expect_regex, passed

elfs = os.path.join(BUILD, "guests", "harness-check")

r = run(["run", "--kernel", os.path.join(elfs, "fail_before_first_case.elf"), "--timeout-secs", "20"])
expect_exit(r, 255)  # 999, capped to 8 bits
expect_regex(r, r"tohost, code 999\b", "stderr")

r = run(["run", "--kernel", os.path.join(elfs, "fail_case7.elf"), "--timeout-secs", "20"])
expect_exit(r, 7)
expect_regex(r, r"tohost, code 7\b", "stderr")

r = run(["run", "--bios", "builtin", "--kernel", os.path.join(elfs, "fail_smode_before_first_case.elf"),
         "--timeout-secs", "20"])
expect_exit(r, 255)
expect_regex(r, r"tohost, code 999\b", "stderr")
passed("the ISA harness fails a failing guest")
