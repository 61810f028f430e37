"""Every virtio device busy at once on 2 harts: a shell on the virtio-console (hvc1) driven through a
pipe, DHCP over virtio-net (libslirp's own thread), and raw writes to a virtio-blk disk from both
harts, checked on the host afterwards. Labelled smp, so it also runs under ThreadSanitizer (the
tsan test preset): devices fed by the console and network threads while harts notify them."""
import hashlib
import os
import re
import tempfile

from harness import run, fail, passed, expect_exit, expect_lines
from linux_guest import linux_args

script = (b"\n\nip link set lo up; ip link set eth0 up; udhcpc -i eth0 -n -q -t 5 >/dev/null 2>&1\n"
          b"echo addr-$(ip -4 addr show eth0 | sed -n 's/.*inet \\([0-9.]*\\).*/\\1/p')\n"
          b"dd if=/dev/urandom of=/tmp/a bs=64k count=8 2>/dev/null; cp /tmp/a /tmp/b\n"
          b"taskset 1 dd if=/tmp/a of=/dev/vda bs=64k seek=0 conv=fsync 2>/dev/null &\n"
          b"taskset 2 dd if=/tmp/b of=/dev/vda bs=64k seek=8 conv=fsync 2>/dev/null & wait\n"
          b"echo sum-$(cat /tmp/a /tmp/b | sha256sum | cut -c1-64)\n"
          b"poweroff -f\n")

with tempfile.TemporaryDirectory() as tmp:
    disk = os.path.join(tmp, "disk.img")
    with open(disk, "wb") as f:
        f.truncate(4 << 20)
    r = run(linux_args("console=hvc1", "--cpus", "2", "--disk", disk, "--net", "user", "--timeout-secs", "900"),
            stdin=script, timeout=1000)
    expect_exit(r, 0)
    expect_lines(r, ["MICROVM-GUEST: shell ready", "addr-10.0.2.15"])
    match = re.search(r"^sum-([0-9a-f]{64})", r.stdout, re.M)
    if not match:
        fail("the guest did not report its checksum", r)
    with open(disk, "rb") as f:
        written = f.read(1 << 20)
    if hashlib.sha256(written).hexdigest() != match.group(1):
        fail("the disk does not hold what the two harts wrote", r)
passed("virtio console, network and disk together on 2 harts")
