"""Linux's virtio-blk driver on an ext4 image made on the host with mke2fs -d: the guest mounts it,
reads the host's file, writes its own (a checksum line and a 4 MiB blob) and unmounts; afterwards
the host reads the guest's file back with debugfs, and e2fsck finds the file system clean."""
import hashlib
import os
import shutil
import subprocess
import tempfile

from harness import run, fail, passed, expect_exit, expect_lines
from linux_guest import require_linux, linux_args

require_linux()


def tool(name):
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if not found:
        fail(f"{name} is missing (e2fsprogs; scripts/setup.sh installs it)")
    return found


with tempfile.TemporaryDirectory() as tmp:
    content = f"hello from the host, pid {os.getpid()}"
    files = os.path.join(tmp, "files")
    os.mkdir(files)
    with open(os.path.join(files, "hello.txt"), "w") as f:
        f.write(content + "\n")
    image = os.path.join(tmp, "disk.img")
    subprocess.run([tool("mke2fs"), "-q", "-t", "ext4", "-d", files, image, "64M"], check=True)

    r = run(linux_args("console=ttyS0 microvm.test=disk", "--disk", image, "--timeout-secs", "300"), timeout=400)
    expect_exit(r, 0)
    expect_lines(r, [
        "virtio_blk virtio0: [vda] 131072 512-byte logical blocks",
        "MICROVM-GUEST: disk begin",
        f"MICROVM-GUEST: read {content}",
        "MICROVM-GUEST: disk end",
        "MICROVM-GUEST: test disk exit=0",
    ])

    debugfs = tool("debugfs")
    guest = subprocess.run([debugfs, "-R", "cat /guest.txt", image], capture_output=True, text=True)
    line = guest.stdout.strip()
    if not line.startswith("written "):
        fail(f"debugfs cannot read /guest.txt back: {guest.stdout!r} {guest.stderr!r}")
    blob = os.path.join(tmp, "blob")
    subprocess.run([debugfs, "-R", f"dump /blob {blob}", image], capture_output=True, check=True)
    with open(blob, "rb") as f:
        data = f.read()
    if len(data) != 4 << 20 or hashlib.sha256(data).hexdigest() != line.split()[1]:
        fail(f"the blob on the disk ({len(data)} bytes) does not match the guest's checksum line {line!r}")
    fsck = subprocess.run([tool("e2fsck"), "-fn", image], capture_output=True, text=True)
    if fsck.returncode != 0:
        fail(f"e2fsck finds the file system damaged:\n{fsck.stdout}{fsck.stderr}")
    print(f"guest wrote: {line}")
passed("Linux reads and writes an ext4 disk")
