"""`microvm dts` prints the machine's device tree; dtc accepts it; a tree given back with --dtb (here
with another model name) is what Linux boots with, its /chosen updated for the command line and
initrd; a file that is not a device tree is refused in one line."""
import os
import re
import subprocess
import tempfile

from harness import run, expect_exit, expect_lines, fail, linux_images, passed

r = run(["dts", "--cpus", "3", "--memory", "256", "--cmdline", "console=ttyS0 quiet"])
expect_exit(r, 0)
expect_lines(r, ['bootargs = "console=ttyS0 quiet";', 'stdout-path = "/soc/serial@10000000";',
                 "memory@80000000 {", "reg = <0x0 0x80000000 0x0 0x10000000>;",
                 "timebase-frequency = <0x989680>;", "cpu@0 {", "cpu@1 {", "cpu@2 {",
                 'riscv,isa-base = "rv64i";', 'mmu-type = "riscv,sv57";', "rtc@101000 {",
                 "serial@10000000 {", "interrupts = <0xa>;", 'compatible = "ns16550a";', "test@100000 {",
                 "plic@c000000 {", "riscv,ndev = <0x3ff>;", "clint@2000000 {"])
isa = re.search(r'riscv,isa = "([^"]+)"', r.stdout).group(1)
if not isa.startswith("rv64imafdcv_") or "zba" not in isa or "sstc" not in isa or "_zvl128b_" not in isa:
    fail(f"unexpected riscv,isa {isa!r}", r)
# Three harts: each has an M and an S context on the PLIC (MEI 11, SEI 9) and MSI/MTI on the CLINT.
plic = re.search(r"plic@c000000 \{.*?interrupts-extended = <([^>]*)>", r.stdout, re.S).group(1).split()
if [int(x, 16) for x in plic[1::2]] != [11, 9] * 3:
    fail(f"PLIC contexts: {plic}", r)

image, initrd = linux_images()
with tempfile.TemporaryDirectory() as tmp:
    source = os.path.join(tmp, "machine.dts")
    blob = os.path.join(tmp, "machine.dtb")
    with open(source, "w") as f:
        f.write(r.stdout.replace('model = "riscv-virtio,qemu";', 'model = "microvm-test-board";'))
    compiled = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", blob, source], capture_output=True)
    if compiled.returncode != 0:
        fail("dtc rejected microvm's DTS: " + compiled.stderr.decode())
    r = run(["run", "--cpus", "3", "--memory", "256", "--dtb", blob, "--kernel", image, "--initrd", initrd,
             "--cmdline", "console=ttyS0 microvm.test=smoke", "--timeout-secs", "180"], timeout=200)
    expect_exit(r, 0)
    expect_lines(r, ["Machine model: microvm-test-board", "Kernel command line: console=ttyS0 microvm.test=smoke",
                     "harts=3", "MICROVM-GUEST: test smoke exit=0"])

    junk = os.path.join(tmp, "junk.dtb")
    with open(junk, "wb") as f:
        f.write(b"not a device tree at all" * 10)
    r = run(["run", "--dtb", junk, "--kernel", image])
    if r.returncode != 1 or "not a flattened device tree" not in r.stderr:
        fail("a junk --dtb must be refused in one line", r)
passed("device tree")
