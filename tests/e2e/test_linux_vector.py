"""Vectorised C under Linux: the kernel guests/linux/build.sh builds (6.12, RISCV_ISA_V) lets user
space use V, and /bin/vector_kernels (guests/vector-kernels/main.c and kernels.c, the clang
-march=rv64gcv kernels e2e.vector_kernels runs bare metal) checks memcpy, strlen (fault-only-first
loads, which Linux's page faults must trim), saxpy, an auto-vectorised daxpy, SHA-256's sigma0 and an ordered dot
product against scalar versions in a user process, which the kernel may preempt mid-kernel (the
vector state is saved and restored on each switch). It then runs each pair 200 times, timed on the
guest's clock, and reports the fewest instructions a call retired (user-mode instret counts the
kernel's interrupts too, so a single call's count is noisy; the fewest is the call alone): each
vector kernel must retire fewer than its scalar version. The scalar/vector time ratios are
microvm's speed on each and are printed, not asserted."""
import re

from harness import run, fail, passed, expect_exit, expect_lines
from linux_guest import extended_linux_args

KERNELS = ("memcpy", "strlen", "saxpy", "daxpy_auto", "dot", "sigma0")
r = run(extended_linux_args("console=ttyS0 microvm.test=vector", "--timeout-secs", "300"), timeout=400)
expect_exit(r, 0)
expect_lines(r, ["MICROVM-GUEST: vector begin", "vector kernels: all ok", "MICROVM-GUEST: vector end",
                 "MICROVM-GUEST: test vector exit=0"])
out = r.stdout.replace("\r\n", "\n")
if "Initramfs unpacking failed" in out:  # the dev nodes guests/linux/add_dev_nodes.py appends
    fail("the kernel could not unpack the whole initramfs", r)
if not re.search(r"vector begin isa\s*:\s*rv64imafdcv", out):
    fail("/proc/cpuinfo does not list v in the hart's ISA", r)
counts = {m[1]: (m[2], int(m[3]), int(m[4]))
          for m in re.finditer(r"^(\w+) (ok|FAILED) vector_insns (\d+) scalar_insns (\d+)$", out, re.MULTILINE)}
times = {m[1]: (int(m[2]), int(m[3]), int(m[4]), int(m[5])) for m in re.finditer(
    r"^(\w+) time vector_ns (\d+) scalar_ns (\d+) min_insns (\d+) (\d+)$", out, re.MULTILINE)}
if sorted(counts) != sorted(KERNELS) or sorted(times) != sorted(KERNELS):
    fail(f"expected {KERNELS} checked and timed", r)
ratios = []
for name in KERNELS:
    if counts[name][0] != "ok":
        fail(f"{name}: the vector version's result differs from the scalar one's", r)
    vector_ns, scalar_ns, vector, scalar = times[name]
    if not 0 < vector < scalar:
        fail(f"{name}: the vector version retired at least {vector} instructions a call, the scalar one {scalar}", r)
    if vector_ns <= 0 or scalar_ns <= 0:
        fail(f"{name}: no time measured", r)
    ratios.append(f"{name} {scalar / vector:.1f}x insns, {scalar_ns / vector_ns:.2f}x time")
passed("vectorised C under Linux agrees with scalar; scalar/vector: " + "; ".join(ratios))
