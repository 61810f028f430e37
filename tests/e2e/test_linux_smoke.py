"""Linux 6.1 boots from its Image on the built-in SBI to the BusyBox userland, runs the guest's
smoke test and powers off (exit status 0)."""
from harness import run, expect_exit, expect_lines, expect_regex, linux_images, passed

image, initrd = linux_images()
r = run(["run", "--kernel", image, "--initrd", initrd, "--cmdline", "console=ttyS0 microvm.test=smoke",
         "--timeout-secs", "120"])
expect_exit(r, 0)
expect_lines(r, ["Linux version 6.1", "SBI specification v2.0 detected", "Run /init as init process",
                 "MICROVM-GUEST: init up: Linux 6.1", "MICROVM-GUEST: smoke begin",
                 "MICROVM-GUEST: smoke end", "MICROVM-GUEST: test smoke exit=0"])
expect_regex(r, r"harts=1$")
# What the kernel made of our device tree: the ISA with F, D, C and the extensions it knows.
expect_regex(r, r"isa\s+: rv64imafdc\S*sstc")
expect_regex(r, r"mmu\s+: sv57")
expect_regex(r, r"MemTotal:\s+\d+ kB")
# The userland computed the sum of 1..20000 with seq and awk: F/D and the whole ISA at work.
expect_regex(r, r"^sum: 200010000$")
passed("Linux smoke on the built-in SBI")
