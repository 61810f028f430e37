"""Where the benchmarks find the Linux guest: ../shared/guests/linux when it is there, else the
one guests/linux/build.sh built (its cache folder, which `build.sh --print-out` names)."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def find_images():
    built = subprocess.run([os.path.join(ROOT, "guests", "linux", "build.sh"), "--print-out"],
                           capture_output=True, text=True).stdout.strip()
    for folder in (os.path.join(ROOT, "..", "shared", "guests", "linux"), built):
        image, initrd = os.path.join(folder, "Image"), os.path.join(folder, "initramfs.cpio.gz")
        if folder and os.path.exists(image) and os.path.exists(initrd):
            return image, initrd
    sys.exit("no Linux guest images: run guests/linux/build.sh")
