"""For the virtio-input tests: the monitor over --monitor unix:PATH (commands typed while a guest
runs), the event lines the probe guest (guests/input/kernel.c) prints, and the same guest on QEMU."""
import os
import shutil
import socket
import subprocess
import time

from harness import BUILD, fail
from monitor_client import MonitorSocket, connect_unix  # noqa: F401 (the input tests import them from here)

PROBE = os.path.join(BUILD, "guests", "input", "kernel.elf")


def event_lines(text):
    return [line for line in text.replace("\r", "").splitlines() if line.startswith("event ")]


def probe_on_qemu(device, drive, append=None):
    """Runs the probe guest on qemu-system-riscv64 with `device` (virtio-keyboard-device...); once
    it is ready, drive(socket_folder) sends QEMU its input (the caller opens QEMU's -monitor at
    socket_folder/hmp.sock or -qmp at socket_folder/qmp.sock). Returns the guest's output lines,
    or None when QEMU is not installed."""
    import tempfile
    qemu = shutil.which("qemu-system-riscv64")
    if not qemu:
        return None
    folder = tempfile.mkdtemp(prefix="microvm-qemu-input-")
    args = [qemu, "-M", "virt", "-bios", "none", "-nographic", "-kernel", PROBE,
            "-global", "virtio-mmio.force-legacy=false", "-device", device,
            "-monitor", f"unix:{folder}/hmp.sock,server,nowait", "-qmp", f"unix:{folder}/qmp.sock,server,nowait"]
    if append:
        args += ["-append", append]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out = b""
        os.set_blocking(proc.stdout.fileno(), False)
        deadline = time.monotonic() + 60
        while b"ready\n" not in out:
            if time.monotonic() > deadline or proc.poll() is not None:
                fail(f"QEMU: the guest did not get ready: {out!r}")
            out += proc.stdout.read() or b""
            time.sleep(0.05)
        drive(folder)
        proc.wait(timeout=60)
        out += proc.stdout.read() or b""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
    return out.decode().replace("\r", "").splitlines()
