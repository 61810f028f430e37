"""A write the guest flushed survives the emulator being killed with SIGKILL (no chance to clean
up), and the image stays locked only as long as the process lives. The page cache survives a
SIGKILL too, so the data alone would not show the FLUSH reached the disk: microvm runs under
strace, which must see an fdatasync of the image before the kill."""
import os
import signal
import subprocess
import tempfile
import time

import teachfs
from harness import BUILD, MICROVM, run, fail, passed

KERNEL = os.path.join(BUILD, "guests", "teaching-kernel", "kernel.elf")

with tempfile.TemporaryDirectory() as tmp:
    image = os.path.join(tmp, "disk.img")
    _, scratch = teachfs.build(image, stay_up=True)
    syscalls = os.path.join(tmp, "strace.log")
    proc = subprocess.Popen(["strace", "-f", "-y", "-qq", "-e", "trace=fdatasync,fsync,sync_file_range",
                             "-o", syscalls, MICROVM, "run", "--kernel", KERNEL, "--disk", image,
                             "--timeout-secs", "120"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    output = b""
    deadline = time.time() + 60
    while b"teaching-kernel: staying up" not in output:
        line = proc.stdout.readline()
        if not line or time.time() > deadline:
            proc.kill()
            fail("the guest never reported its writes flushed:\n" + output.decode("utf-8", "replace"))
        output += line
    if b"test flush: ok" not in output or b"0 failed" not in output:
        proc.kill()
        fail("the guest's tests failed:\n" + output.decode("utf-8", "replace"))

    # While it runs, a second microvm may not open the image for writing.
    second = run(["run", "--kernel", KERNEL, "--disk", image, "--timeout-secs", "5"])
    if second.returncode != 1 or "in use by another process" not in second.stderr:
        proc.kill()
        fail("a second microvm opened a disk image that is in use", second)

    # strace's child is microvm; kill it, not strace.
    with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
        children = f.read().split()
    if len(children) != 1:
        proc.kill()
        fail(f"expected strace to have one child (microvm), found {children}")
    os.kill(int(children[0]), signal.SIGKILL)
    proc.wait(timeout=30)
    with open(syscalls) as f:
        traced = f.read()
    if "+++ killed by SIGKILL +++" not in traced:
        fail("microvm was not killed by SIGKILL:\n" + traced[-2000:])
    synced = [l for l in traced.splitlines() if l.split(None, 1)[-1].startswith("fdatasync(") and image in l]
    if not synced or not all(l.rstrip().endswith("= 0") for l in synced):
        fail(f"no successful fdatasync of {image} before the kill: the guest's FLUSH never reached the disk:\n"
             + traced[-2000:])
    with open(image, "rb") as f:
        f.seek(scratch * teachfs.SECTOR)
        if f.read(8 * teachfs.SECTOR) != teachfs.expected_scratch():
            fail("the flushed sectors are not in the image after kill -9")

    # The lock died with the process: the image opens again.
    again = run(["run", "--kernel", KERNEL, "--disk", image, "--timeout-secs", "2"])
    if "in use by another process" in again.stderr:
        fail("the image stayed locked after the process was killed", again)
passed("flushed writes survive kill -9")
