"""--share (virtio-9p, 9P2000.L) with Linux's v9fs, on the kernel guests/linux/build.sh builds: the
guest mounts a host folder, reads the host's file, writes one and renames another (checked here on
the host), and finds no way out of the folder: ".." at the mount's root and symlinks pointing at a
file beside the folder (relative and absolute) lead nowhere, and a read-only share refuses writes."""
import os
import tempfile

from harness import run, fail, passed, expect_exit, expect_lines
from linux_guest import extended_linux_args

with tempfile.TemporaryDirectory() as tmp:
    secret = os.path.join(tmp, "secret.txt")
    with open(secret, "w") as f:
        f.write("host secret\n")
    share, ro = os.path.join(tmp, "share"), os.path.join(tmp, "ro")
    os.mkdir(share)
    os.mkdir(ro)
    content = f"hello from the host, pid {os.getpid()}"
    with open(os.path.join(share, "hello.txt"), "w") as f:
        f.write(content + "\n")
    with open(os.path.join(ro, "hello.txt"), "w") as f:
        f.write("read-only\n")
    os.symlink("../secret.txt", os.path.join(share, "escape"))
    os.symlink(secret, os.path.join(share, "absolute"))

    r = run(extended_linux_args("console=ttyS0 microvm.test=share", "--share", share,
                                "--share", f"{ro},tag=ro,ro", "--timeout-secs", "300"), timeout=400)
    expect_exit(r, 0)
    if "LEAKED" in r.stdout or "host secret" in r.stdout:
        fail("the guest read the file beside the shared folder", r)
    expect_lines(r, [
        "MICROVM-GUEST: share begin",
        f"MICROVM-GUEST: read {content}",
        "MICROVM-GUEST: wrote guest.txt",
        "MICROVM-GUEST: renamed moved",
        "MICROVM-GUEST: listing absolute escape guest.txt hello.txt made ",
        "MICROVM-GUEST: escape /mnt/share/../secret.txt refused",
        "MICROVM-GUEST: escape /mnt/share/escape refused",
        "MICROVM-GUEST: escape /mnt/share/absolute refused",
        "MICROVM-GUEST: ro read read-only",
        "MICROVM-GUEST: ro write refused",
        "MICROVM-GUEST: share end",
        "MICROVM-GUEST: test share exit=0",
    ])
    with open(os.path.join(share, "guest.txt")) as f:
        if f.read() != "written by the guest\n":
            fail("guest.txt on the host does not hold what the guest wrote", r)
    if sorted(os.listdir(os.path.join(share, "made"))) != ["b"]:
        fail(f"made/ on the host holds {os.listdir(os.path.join(share, 'made'))}, not the renamed b", r)
    with open(secret) as f:
        if f.read() != "host secret\n":
            fail("the file beside the shared folder changed", r)
    if os.listdir(ro) != ["hello.txt"] or sorted(os.listdir(tmp)) != ["ro", "secret.txt", "share"]:
        fail(f"files appeared outside the read-write share: {os.listdir(tmp)} {os.listdir(ro)}", r)
passed("Linux mounts a --share, reads and writes it, and cannot leave it")
