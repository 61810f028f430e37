"""Linux probes every virtio device microvm puts on the board: two disks in command-line order
(vda at 0x10001000, vdb read-only), the network card, the console (hvc1) and the entropy source,
with the modern and the legacy transport. This needs only the kernel, so it runs even where the
guest's userland cannot (a hart without F/D: the kernel's log is checked and init's death expected)."""
import os
import re
import tempfile

from harness import run, fail, passed, expect_lines
from linux_guest import require_linux

IMAGE, INITRD = require_linux()

with tempfile.TemporaryDirectory() as tmp:
    first, second = os.path.join(tmp, "first.img"), os.path.join(tmp, "second.img")
    for path, size in ((first, 8 << 20), (second, 4 << 20)):
        with open(path, "wb") as f:
            f.truncate(size)
    for legacy in ([], ["--virtio-legacy"]):
        r = run(["run", "--kernel", IMAGE, "--initrd", INITRD, "--cmdline", "console=ttyS0 microvm.test=smoke",
                 "--disk", first, "--disk", second + ",ro", "--net", "user", "--timeout-secs", "90"] + legacy,
                timeout=120)
        expect_lines(r, [
            "virtio_blk virtio0: [vda] 16384 512-byte logical blocks",
            "virtio_blk virtio1: [vdb] 8192 512-byte logical blocks",
        ])
        if "virtio_mmio" in r.stdout and re.search(r"virtio_mmio .*(error|fail)", r.stdout, re.I):
            fail("virtio_mmio reported an error", r)
        if "MICROVM-GUEST: smoke begin" in r.stdout:  # the userland runs (F/D present): ask it
            expect_lines(r, ["virtio0 virtio1 virtio2 virtio3 virtio4", "MICROVM-GUEST: test smoke exit=0"])
            if r.returncode != 0:
                fail("the smoke test did not power off cleanly", r)
        elif "unhandled signal 4" not in r.stdout:
            fail("the kernel neither ran the smoke test nor stopped at init's SIGILL", r)
        with open(first, "rb") as f:
            if f.read(1 << 20) != bytes(1 << 20):
                fail("probing wrote to the disk")
passed("Linux probes the virtio devices")
