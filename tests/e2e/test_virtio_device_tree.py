"""The device tree has QEMU virt's eight virtio-mmio slots (0x1000_1000 + 0x1000 * i on PLIC
sources 1..8), lowest address first so that Linux names disks in command-line order."""
import re

from harness import run, fail, passed, expect_exit

r = run(["dts", "--example", "minimal-kernel"])
expect_exit(r, 0)
slots = re.findall(r"virtio_mmio@([0-9a-f]+) \{\n\t+interrupts = <0x([0-9a-f]+)>;\n\t+interrupt-parent = <0x1>;\n"
                   r"\t+reg = <0x0 0x([0-9a-f]+) 0x0 0x1000>;\n\t+compatible = \"virtio,mmio\";", r.stdout)
expected = [(f"{0x10001000 + 0x1000 * i:x}", f"{i + 1:x}", f"{0x10001000 + 0x1000 * i:x}") for i in range(8)]
if slots != expected:
    fail(f"virtio slots in the device tree: {slots}", r)
passed("virtio slots in the device tree")
