"""The same Linux boot through Debian's real OpenSBI (fw_dynamic and fw_jump), and U-Boot on
OpenSBI reaching its prompt and answering a command."""
import os

from harness import run, expect_exit, expect_lines, linux_images, passed, fail, Session

FIRMWARE = "/usr/lib/riscv64-linux-gnu/opensbi/generic"
UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
for path in (FIRMWARE, UBOOT):
    if not os.path.exists(path):
        fail(f"{path} is missing: install the opensbi and u-boot-qemu packages (scripts/setup.sh does)")

image, initrd = linux_images()
for firmware in ("fw_dynamic.bin", "fw_jump.bin"):
    r = run(["run", "--bios", os.path.join(FIRMWARE, firmware), "--kernel", image, "--initrd", initrd,
             "--cmdline", "console=ttyS0 microvm.test=smoke", "--timeout-secs", "120"])
    expect_exit(r, 0)
    expect_lines(r, ["OpenSBI v1.1", "Platform Name             : riscv-virtio,qemu",
                     "Domain0 Next Address      : 0x0000000080200000", "Boot HART Base ISA        : rv64imafdc",
                     "Linux version 6.1", "SBI implementation ID=0x1", "MICROVM-GUEST: test smoke exit=0"])

# U-Boot as the S-mode payload: stop the autoboot, ask for its version, quit with Ctrl-A x.
s = Session(["run", "--bios", os.path.join(FIRMWARE, "fw_dynamic.bin"), "--kernel", UBOOT, "--timeout-secs", "120"])
s.expect(r"Hit any key to stop autoboot")
s.send("\n")
s.expect(r"=> ")
s.send("version\n")
s.expect(r"U-Boot 2023\.01")
s.expect(r"=> ")
s.send(b"\x01x")
r = s.finish()
expect_exit(r, 0)
passed("OpenSBI (fw_dynamic, fw_jump) and U-Boot")
