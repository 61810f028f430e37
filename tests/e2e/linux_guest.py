"""The Linux guest for end-to-end tests: ../shared/guests/linux (CI), or what guests/linux/build.sh
built. A test calls require_linux() first; while neither exists it exits 77 (CTest's
SKIP_RETURN_CODE) with a clear message."""
import os
import sys

from harness import SHARED_GUESTS, SOURCE

FOLDERS = (os.path.join(SHARED_GUESTS, "linux"), os.path.join(SOURCE, "build", "guest-images", "linux"))


def skip(message):
    print("SKIP:", message)
    sys.exit(77)


def find_linux():
    """(Image, initramfs), or None."""
    for folder in FOLDERS:
        image, initramfs = os.path.join(folder, "Image"), os.path.join(folder, "initramfs.cpio.gz")
        if os.path.exists(image) and os.path.exists(initramfs):
            return image, initramfs
    return None


def require_linux():
    images = find_linux()
    if not images:
        skip(f"no Linux guest images in {' or '.join(FOLDERS)}")
    return images


def linux_args(cmdline, *extra):
    image, initramfs = require_linux()
    return ["run", "--kernel", image, "--initrd", initramfs, "--cmdline", cmdline] + list(extra)
