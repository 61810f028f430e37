"""A write the guest flushed survives the emulator being killed with SIGKILL (no chance to clean
up), and the image stays locked only as long as the process lives."""
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
    proc = subprocess.Popen([MICROVM, "run", "--kernel", KERNEL, "--disk", image, "--timeout-secs", "120"],
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

    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.returncode != -signal.SIGKILL:
        fail(f"microvm was not killed by SIGKILL (status {proc.returncode})")
    with open(image, "rb") as f:
        f.seek(scratch * teachfs.SECTOR)
        if f.read(8 * teachfs.SECTOR) != teachfs.expected_scratch():
            fail("the flushed sectors are not in the image after kill -9")

    # The lock died with the process: the image opens again.
    again = run(["run", "--kernel", KERNEL, "--disk", image, "--timeout-secs", "2"])
    if "in use by another process" in again.stderr:
        fail("the image stayed locked after the process was killed", again)
passed("flushed writes survive kill -9")
