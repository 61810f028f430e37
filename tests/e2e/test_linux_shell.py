"""Without microvm.test, the guest starts a BusyBox shell on the UART; a session driven through a
pipe gets answers, and the guest's poweroff ends the run with status 0."""
from harness import expect_exit, linux_images, passed, Session

image, initrd = linux_images()
s = Session(["run", "--kernel", image, "--initrd", initrd, "--cmdline", "console=ttyS0", "--timeout-secs", "120"])
s.expect(r"MICROVM-GUEST: shell ready")
s.send("echo hello-$((6*7))\n")
s.expect(r"^hello-42", timeout=30)
s.send("cat /proc/cpuinfo | grep -c ^processor; uname -m\n")
s.expect(r"^1\s*$", timeout=30)
s.expect(r"^riscv64", timeout=30)
# rdtime in user space (the vDSO's clock) and a real workload: the SHA-256 of 1 MiB of zeros.
s.send("dd if=/dev/zero bs=1M count=1 2>/dev/null | sha256sum; date +%Y\n")
s.expect(r"^30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58", timeout=60)
s.expect(r"^20\d\d", timeout=30)
s.send("poweroff -f\n")
r = s.finish()
expect_exit(r, 0)
passed("Linux shell through a pipe")
