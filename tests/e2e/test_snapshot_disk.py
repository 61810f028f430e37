"""A snapshot taken while Linux writes to its virtio disk (the run stopped with Ctrl-A x and saved
on exit) restores to a guest that finishes writing, and the file system is consistent: e2fsck -fn
finds it clean and the 4 MiB blob matches the checksum the guest wrote. With --snapshot-disks the
writes go to an overlay and the image is untouched, so it restores twice. A disk changed after the
snapshot is refused."""
import hashlib
import os
import shutil
import subprocess
import tempfile

from harness import run, fail, passed, expect_exit, expect_lines, expect_regex, Session
from linux_guest import linux_args


def tool(name):
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if not found:
        fail(f"{name} is missing (e2fsprogs; scripts/setup.sh installs it)")
    return found


with tempfile.TemporaryDirectory() as tmp:
    files = os.path.join(tmp, "files")
    os.mkdir(files)
    with open(os.path.join(files, "hello.txt"), "w") as f:
        f.write("hello before the snapshot\n")
    image = os.path.join(tmp, "disk.img")
    subprocess.run([tool("mke2fs"), "-q", "-t", "ext4", "-d", files, image, "64M"], check=True)
    snap = os.path.join(tmp, "disk.snap")

    session = Session(linux_args("console=ttyS0 microvm.test=disk", "--disk", image, "--save-snapshot", snap,
                                 "--timeout-secs", "600"))
    session.expect(r"MICROVM-GUEST: disk begin", timeout=400)
    session.send(b"\x01x")
    first = session.finish(timeout=120)
    expect_exit(first, 0)
    expect_regex(first, r"on exit: saved a snapshot to .*disk\.snap", "stderr")
    if "MICROVM-GUEST: test disk exit" in first.stdout:
        fail("the guest finished before the snapshot", first)

    info = run(["inspect", snap])
    expect_exit(info, 0)
    with open(image, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    expect_regex(info, rf"^disk 0: {image} \(67108864 bytes\) sha256 {digest}$")

    # --snapshot-disks: the guest's writes go to an overlay beside the snapshot; the image stays
    # as it was, so a second restore starts from the same disk (and passes the content check).
    for attempt in (1, 2):
        overlaid = run(["run", "--load-snapshot", snap, "--snapshot-disks", "--timeout-secs", "600"], timeout=700)
        expect_exit(overlaid, 0)
        expect_lines(overlaid, ["MICROVM-GUEST: disk end", "MICROVM-GUEST: test disk exit=0"])
        with open(image, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != digest:
                fail(f"restore {attempt} with --snapshot-disks changed the disk image")
        if os.path.getsize(snap + ".disk0.overlay") != 64 << 20:
            fail("no 64 MiB overlay beside the snapshot")

    restored = run(["run", "--load-snapshot", snap, "--timeout-secs", "600"], timeout=700)
    expect_exit(restored, 0)
    expect_lines(restored, ["MICROVM-GUEST: disk end", "MICROVM-GUEST: test disk exit=0"])
    fsck = subprocess.run([tool("e2fsck"), "-fn", image], capture_output=True, text=True)
    if fsck.returncode != 0:
        fail(f"e2fsck finds the restored guest's file system damaged:\n{fsck.stdout}{fsck.stderr}")
    debugfs = tool("debugfs")
    line = subprocess.run([debugfs, "-R", "cat /guest.txt", image], capture_output=True, text=True).stdout.strip()
    blob = os.path.join(tmp, "blob")
    subprocess.run([debugfs, "-R", f"dump /blob {blob}", image], capture_output=True, check=True)
    with open(blob, "rb") as f:
        data = f.read()
    if len(data) != 4 << 20 or not line.startswith("written ") or hashlib.sha256(data).hexdigest() != line.split()[1]:
        fail(f"the blob ({len(data)} bytes) does not match the guest's checksum line {line!r}")

    # The guest has written since: the disk is no longer the snapshot's.
    again = run(["run", "--load-snapshot", snap])
    expect_exit(again, 1)
    expect_regex(again, rf"^microvm: error: {image}: this disk's content is not what the snapshot .* was taken with",
                 "stderr")
passed("a snapshot taken during disk writes restores to a clean file system")
