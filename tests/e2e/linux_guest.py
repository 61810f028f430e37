"""The Linux guest for end-to-end tests: ../shared/guests/linux (CI), or what guests/linux/build.sh
built (scripts/dev.sh test builds it when neither exists). A missing guest fails the test with
that advice; it is never skipped."""
from harness import linux_images, extended_linux_images


def require_linux():
    return linux_images()


def linux_args(cmdline, *extra):
    image, initramfs = require_linux()
    return ["run", "--kernel", image, "--initrd", initramfs, "--cmdline", cmdline] + list(extra)


def extended_linux_args(cmdline, *extra):
    """As linux_args, on the kernel guests/linux/build.sh builds (6.12: 9P, fbcon, perf, virtio-input, V)."""
    image, initramfs = extended_linux_images()
    return ["run", "--kernel", image, "--initrd", initramfs, "--cmdline", cmdline] + list(extra)
