"""A teaching-style kernel written for `qemu -M virt -bios none` (M-mode start, S-mode, its own
interrupt-driven virtio-blk driver at 0x10001000, its own file system on the disk) boots and passes
its own tests on microvm, with the modern and the legacy virtio-mmio transport, exactly as on QEMU:
same console output, same disk image afterwards."""
import os
import shutil
import subprocess
import tempfile

import teachfs
from harness import BUILD, run, fail, passed, expect_exit, expect_lines

KERNEL = os.path.join(BUILD, "guests", "teaching-kernel", "kernel.elf")
QEMU = shutil.which("qemu-system-riscv64")


def test_lines(text):
    return [l for l in text.replace("\r\n", "\n").splitlines() if l.startswith(("test ", "teaching-kernel:", "hello"))]


def check_image(path, scratch, who):
    with open(path, "rb") as f:
        f.seek(scratch * teachfs.SECTOR)
        got = f.read(8 * teachfs.SECTOR)
    if got != teachfs.expected_scratch():
        fail(f"{who}: the sectors the guest wrote are not in the image")


with tempfile.TemporaryDirectory() as tmp:
    for legacy in (False, True):
        name = "legacy" if legacy else "modern"
        image = os.path.join(tmp, f"{name}.img")
        _, scratch = teachfs.build(image)
        args = ["run", "--kernel", KERNEL, "--disk", image, "--timeout-secs", "60"]
        if legacy:
            args.append("--virtio-legacy")
        r = run(args)
        expect_exit(r, 0)
        expect_lines(r, [
            "test probe: ok",
            f"virtio-mmio version {1 if legacy else 2}, indirect descriptors on",
            "test capacity: ok",
            "hello.txt says: " + teachfs.HELLO.decode(),
            "test big-file: ok",
            "test direct-chain: ok",
            "test indirect-table: ok",
            "test uneven-segments: ok",
            "test parallel: ok",
            "test write: ok",
            "test flush: ok",
            "test read-back: ok",
            "test out-of-range: ok",
            "test get-id: ok",
            "test unsupported: ok",
            "teaching-kernel: 17 passed, 0 failed",
        ])
        check_image(image, scratch, f"microvm ({name})")

        if not QEMU:
            fail("qemu-system-riscv64 not found: QEMU is a required test dependency (run scripts/setup.sh)")
        qemu_image = os.path.join(tmp, f"{name}-qemu.img")
        teachfs.build(qemu_image)
        qemu = [QEMU, "-M", "virt", "-bios", "none", "-m", "128M", "-nographic", "-no-reboot", "-kernel", KERNEL,
                "-drive", f"file={qemu_image},if=none,format=raw,id=x0",
                "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0"]
        if not legacy:
            qemu += ["-global", "virtio-mmio.force-legacy=false"]
        q = subprocess.run(qemu, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
        qemu_out = q.stdout.decode("utf-8", "replace")
        if q.returncode != 0:
            fail(f"QEMU ({name}) exited {q.returncode}:\n{qemu_out}\n{q.stderr.decode()}")
        if test_lines(qemu_out) != test_lines(r.stdout):
            fail(f"microvm and QEMU disagree ({name}):\n--- QEMU\n{qemu_out}\n--- microvm\n{r.stdout}")
        with open(image, "rb") as a, open(qemu_image, "rb") as b:
            if a.read() != b.read():
                fail(f"the disk images differ after the microvm and QEMU runs ({name})")
        print(f"{name}: microvm and QEMU agree ({len(test_lines(r.stdout))} lines, identical images)")

passed("teaching kernel on a virtio disk, modern and legacy, as on QEMU")
