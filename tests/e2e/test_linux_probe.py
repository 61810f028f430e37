"""Linux probes every virtio device microvm puts on the board: two disks in command-line order
(vda at 0x10001000, vdb read-only), the network card, the console (hvc1) and the entropy source,
with the modern and the legacy transport: the kernel's log names the disks, and the userland's
smoke test lists all five devices and passes."""
import os
import re
import tempfile

from harness import run, fail, passed, expect_exit, expect_lines
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
        # The userland sees all five devices, and its smoke test passes.
        expect_lines(r, ["virtio0 virtio1 virtio2 virtio3 virtio4", "MICROVM-GUEST: test smoke exit=0"])
        expect_exit(r, 0)
        with open(first, "rb") as f:
            if f.read(1 << 20) != bytes(1 << 20):
                fail("probing wrote to the disk")
passed("Linux probes the virtio devices")
