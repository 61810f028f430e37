"""Linux on 4 harts: the smoke test sees 4 processors; microvm.test=smp runs one CPU-bound job per
hart. The same boot with --deterministic prints the same bytes twice."""
from harness import run, expect_exit, expect_lines, expect_regex, linux_images, passed, fail

image, initrd = linux_images()
r = run(["run", "--cpus", "4", "--kernel", image, "--initrd", initrd,
         "--cmdline", "console=ttyS0 microvm.test=smoke", "--timeout-secs", "180"])
expect_exit(r, 0)
expect_lines(r, ["smp: Brought up 1 node, 4 CPUs", "MICROVM-GUEST: init up: Linux 6.1", "harts=4",
                 "MICROVM-GUEST: test smoke exit=0"])
expect_regex(r, r"^\s+4 mmu\s+: sv57")

r = run(["run", "--cpus", "4", "--kernel", image, "--initrd", initrd,
         "--cmdline", "console=ttyS0 microvm.test=smp", "--timeout-secs", "300"], timeout=320)
expect_exit(r, 0)
expect_regex(r, r"^MICROVM-BENCH smp-sha256-8M-x4 \d+ ms")
expect_lines(r, ["MICROVM-GUEST: test smp exit=0"])

args = ["run", "--deterministic", "--cpus", "2", "--kernel", image, "--initrd", initrd,
        "--cmdline", "console=ttyS0 microvm.test=smoke", "--timeout-secs", "180"]
first, second = run(args, timeout=200), run(args, timeout=200)
expect_exit(first, 0)
if first.stdout != second.stdout:
    fail("two --deterministic Linux boots printed different output", second)
expect_lines(first, ["harts=2", "MICROVM-GUEST: test smoke exit=0"])
passed("Linux SMP")
