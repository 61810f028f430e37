"""The shared Linux guest (../shared/guests/linux) for end-to-end tests.

A test calls require_linux() first: it exits 77 (CTest's SKIP_RETURN_CODE) with a clear message when
the guest images are missing, or when this build's harts lack the F and D extensions that the
guest's BusyBox userland needs (its init would die with SIGILL); the test then runs for real as soon
as both are there."""
import os
import re
import sys

from harness import SHARED_GUESTS, run

LINUX = os.path.join(SHARED_GUESTS, "linux")
IMAGE = os.path.join(LINUX, "Image")
INITRD = os.path.join(LINUX, "initramfs.cpio.gz")
BOOT = ["--kernel", IMAGE, "--initrd", INITRD]


def skip(message):
    print("SKIP:", message)
    sys.exit(77)


def require_linux():
    for path in (IMAGE, INITRD):
        if not os.path.exists(path):
            skip(f"{path} is missing (the shared Linux guest images are not installed)")
    r = run(["dts"] + BOOT)
    isa = re.search(r'riscv,isa = "rv64([a-z]*)', r.stdout)
    if not isa:
        skip("cannot read the ISA from `microvm dts`")
    base = isa.group(1)
    if "g" not in base and not ("f" in base and "d" in base):
        skip(f"this build's harts are rv64{base}: the guest's BusyBox userland needs F and D")


def linux_args(cmdline, *extra):
    return ["run"] + BOOT + ["--cmdline", cmdline] + list(extra)
