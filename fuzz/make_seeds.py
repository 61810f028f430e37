#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/ (committed; run again after changing an input format).
Uses Debian's riscv64-unknown-elf toolchain, dtc, and a built microvm (for lamp-asm and dts):
    fuzz/make_seeds.py [build directory, default build/release]"""
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "release")
MICROVM = os.path.join(BUILD, "microvm")
CORPUS = os.path.join(HERE, "corpus")

# Instruction snippets for the hart fuzzer: each a family the prelude's modes should meet.
SNIPPETS = {
    "alu": "addi a0, a1, 5; add a2, a0, a1; mul a3, a2, a0; divu a4, a3, a1; rem a5, a4, a0; sll a6, a5, a1",
    "memory": "sd a0, 0(a1); ld a2, 0(a1); lw a3, 4(a1); sb a4, 1(a1); lbu a5, 1(a1); sh a6, 2(a2)",
    "atomics": "lr.d a0, (a1); sc.d a2, a3, (a1); amoadd.w a4, a5, (a2); amoswap.d a6, a7, (a3); amomaxu.d t1, t2, (a4)",
    "csrs": "csrr a0, mstatus; csrw sstatus, a1; csrr a2, satp; csrw satp, zero; csrr a3, cycle; csrr a4, time; csrr a5, instret",
    "traps": "ecall; ebreak; mret; sret; wfi; .word 0; .word 0xffffffff",
    "fences": "fence; fence.i; sfence.vma; sfence.vma a0, a1; .word 0x18000073; .word 0x16000073; .word 0x18100073",
    "float": "fcvt.d.l fa0, a0; fadd.d fa1, fa0, fa0; fsqrt.d fa2, fa1; fmadd.d fa3, fa0, fa1, fa2; fsd fa3, 0(a1); fld fa4, 0(a1); fclass.d a2, fa4",
    "compressed": "c.addi a0, 1; c.lw a1, 0(a0); c.sw a1, 4(a0); c.j .+4; c.li a2, -3; c.mv a3, a2; c.ebreak",
    "paging": "li t0, 0x8000000000080001; csrw satp, t0; sfence.vma; ld a0, 0(a1); sd a0, 8(a1); csrw satp, zero",
    "bitmanip": "sh1add a0, a1, a2; andn a3, a0, a1; clz a4, a3; cpop a5, a4; rev8 a6, a5; bclr a7, a6, a0; .word 0x0eb55333",
    "timer": "li t0, 0x2004000; sd zero, 0(t0); csrsi mstatus, 8; li t1, 0x80; csrs mie, t1; wfi; csrr a0, mip",
    "devices": "li t0, 0x10000000; li t1, 65; sb t1, 0(t0); lbu a0, 5(t0); li t0, 0x100000; li t1, 0x5555; sw t1, 0(t0)",
}
MODES = [0x02, 0x01, 0x00, 0x05, 0x09, 0x0C, 0x15, 0x60, 0x81, 0x2D]


def write(folder, name, data):
    os.makedirs(os.path.join(CORPUS, folder), exist_ok=True)
    with open(os.path.join(CORPUS, folder, name), "wb") as f:
        f.write(data)


def assemble(source, tmp, link=False):
    src, obj, out = (os.path.join(tmp, n) for n in ("s.S", "s.o", "s.bin"))
    with open(src, "w") as f:
        f.write(".option norvc\n" if not source.startswith("c.") else "")
        f.write(".text\n.globl _start\n_start:\n" + source.replace(";", "\n") + "\n")
    march = "-march=rv64gc_zba_zbb_zbc_zbs"
    if link:
        subprocess.run(["riscv64-unknown-elf-gcc", march, "-mabi=lp64d", "-nostdlib", "-Wl,-Ttext=0x80000000",
                        "-Wl,--no-warn-rwx-segments", "-o", out, src], check=True)
        subprocess.run(["riscv64-unknown-elf-strip", out], check=True)
    else:
        subprocess.run(["riscv64-unknown-elf-gcc", march, "-mabi=lp64d", "-c", "-o", obj, src], check=True)
        subprocess.run(["riscv64-unknown-elf-objcopy", "-O", "binary", "-j", ".text", obj, out], check=True)
    with open(out, "rb") as f:
        return f.read()


def linux_image_header(code):
    # arch/riscv/include/asm/image.h: code0/code1, text_offset, image_size, flags, version, res1,
    # res2, magic "RISCV\0\0\0", magic2 "RSC\x05", res3.
    header = struct.pack("<IIQQQIIQ8s4sI", 0, 0, 0x200000, 0x10000, 0, 2, 0, 0,
                         b"RISCV\0\0\0", b"RSC\x05", 0)
    return header + code


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, source) in enumerate(SNIPPETS.items()):
            code = assemble(source, tmp)
            write("riscv_hart", name, bytes([MODES[i % len(MODES)], 0]) + code)
            write("riscv_hart", name + "-2harts", bytes([MODES[(i + 3) % len(MODES)], 1]) + code)
        elf = assemble(SNIPPETS["alu"] + "; li t0, 0x100000; li t1, 0x5555; sw t1, 0(t0)", tmp, link=True)
        raw = assemble(SNIPPETS["devices"], tmp)
        write("loaders", "elf-none", bytes([0]) + elf)
        write("loaders", "elf-sbi", bytes([1]) + elf)
        write("loaders", "elf-initrd", bytes([0x10]) + elf)
        write("loaders", "raw-loadaddr", bytes([8]) + struct.pack("<Q", 0x80200000) + raw)
        write("loaders", "raw-firmware", bytes([3]) + raw)
        write("loaders", "elf-firmware-kernel", bytes([4]) + elf)
        write("loaders", "image-auto", bytes([2]) + linux_image_header(raw))
        write("loaders", "image-initrd", bytes([0x11]) + linux_image_header(raw))
        dts = subprocess.run([MICROVM, "dts", "--example", "minimal-kernel"], capture_output=True, check=True).stdout
        dtb = subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-o", "-"], input=dts, capture_output=True,
                             check=True).stdout
        write("dtb", "virt", bytes([0]) + dtb)
        write("dtb", "virt-sbi-initrd", bytes([3 | (12 << 2)]) + b"console=ttyS0" + dtb)
        for asm in sorted(os.listdir(os.path.join(ROOT, "guests", "lamp"))):
            if not asm.endswith(".asm"):
                continue
            out = os.path.join(tmp, "p.bin")
            subprocess.run([MICROVM, "lamp-asm", os.path.join(ROOT, "guests", "lamp", asm), "-o", out], check=True,
                           capture_output=True)
            with open(out, "rb") as f:
                binary = f.read()
            write("loaders", "lamp-" + asm[:-4], bytes([6]) + binary)
            text_size = struct.unpack("<I", binary[4:8])[0]
            write("lamp_core", asm[:-4], bytes([0]) + binary[24:24 + text_size])
    # virtio: bring-up (op 6, all features, queues of 8), a descriptor chain, available, notify.
    for device in range(5):
        for legacy in (0, 8):
            ops = bytes([device | legacy])
            ops += bytes([6]) + b"\xff" * 8 + bytes([3])
            # blk: header (type 0 = read, sector 0), data (device-writable), status (device-writable)
            ops += bytes([4, 0]) + struct.pack("<HHHB", 0, 0, 16, 1) + struct.pack("<H", 1)
            ops += bytes([4, 0]) + struct.pack("<HHHB", 1, 0x100, 512, 3) + struct.pack("<H", 2)
            ops += bytes([4, 0]) + struct.pack("<HHHB", 2, 0x400, 1, 2) + struct.pack("<H", 0)
            ops += bytes([5, 0]) + struct.pack("<H", 0)
            ops += bytes([4, 1]) + struct.pack("<HHHB", 0, 0x800, 64, 0) + struct.pack("<H", 0)
            ops += bytes([5, 1]) + struct.pack("<H", 0)
            ops += bytes([7, 20]) + b"\x52\x54\x00\x12\x34\x56" * 2 + b"\x08\x00" + b"payload!"
            ops += bytes([2]) + struct.pack("<H", 0x60) + bytes([2])
            write("virtio", f"device{device}{'-legacy' if legacy else ''}", ops)
    # gdb_packet: what gdb-multiarch sends when it attaches, breaks, steps, watches and detaches.
    def packet(payload):
        return b"$" + payload + b"#" + b"%02x" % (sum(payload) & 0xFF)
    session = [b"qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vContSupported+",
               b"QStartNoAckMode", b"?", b"qXfer:features:read:target.xml:0,ffb", b"qfThreadInfo", b"qsThreadInfo",
               b"Hg0", b"g", b"p20", b"p41", b"m80000000,10", b"Z0,80000004,2", b"vCont;c", b"z0,80000004,2",
               b"vCont;s:1", b"Hc1", b"s", b"M80000100,8:0102030405060708", b"X80000108,2:\x01\x02",
               b"Z2,80000100,8", b"c", b"z2,80000100,8", b"qRcmd," + b"info harts".hex().encode(),
               b"P5=1122334455667788", b"qThreadExtraInfo,1", b"T1", b"D"]
    stream = b"+".join(packet(p) for p in session)
    write("gdb_packet", "attach-break-step-watch", b"\x00" + stream)
    write("gdb_packet", "two-harts", b"\x01" + stream.replace(b"vCont;s:1", b"vCont;s:2;c"))
    write("gdb_packet", "break-in-and-bad-checksum", b"\x00" + packet(b"c") + b"\x03" + b"$g#00" + packet(b"k"))
    # monitor: every command, on one and two harts.
    commands = ["help", "info harts", "info regs", "info fregs", "info csrs", "info tlb", "info mem",
                "info devices", "x/4xg 0x80000000", "xp/8i 0x80000000", "x/3c 0x80000100", "disasm 0x80000000 4",
                "walk 0x80000000", "break 0x80000004", "cont", "stop", "step 3", "delete", "trace on", "step",
                "trace off", "hart 1", "info regs", "quit"]
    write("monitor", "every-command", b"\x00" + "\n".join(commands).encode())
    write("monitor", "two-harts", b"\x01" + "\n".join(commands).encode())
    # snapshot: real snapshots of the example kernel, threaded, two harts, and deterministic.
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra, at in (("minimal-kernel", [], 30000), ("minimal-kernel-2harts", ["--cpus", "2"], 50000),
                                ("minimal-kernel-deterministic", ["--deterministic"], 80000)):
            path = os.path.join(tmp, name + ".snap")
            subprocess.run([MICROVM, "run", "--example", "minimal-kernel", "--save-snapshot", path,
                            "--save-snapshot-at", str(at)] + extra, check=True, capture_output=True, cwd=tmp)
            with open(path, "rb") as f:
                write("snapshot", name + ".snap", f.read())
        # The lamp machine: guests/lamp/snapshot.asm on two cores, part-way.
        path = os.path.join(tmp, "lamp.snap")
        subprocess.run([MICROVM, "lamp", "--headless", "--bin", os.path.join(BUILD, "guests", "lamp", "snapshot.bin"),
                        "--smp", "2", "--save-snapshot", path, "--save-snapshot-at", "22000"], check=True,
                       capture_output=True, cwd=tmp)
        with open(path, "rb") as f:
            write("snapshot", "lamp-2cores.snap", f.read())


main()
