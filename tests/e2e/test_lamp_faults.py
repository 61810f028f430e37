"""A guest fault is a VM panic with the original's message and exit status 1, on any core; a bad
device write halts the VM (exit 0) after the device's message. Never a host crash."""
import os
import tempfile

from harness import run, fail, passed

PANICS = [
    ("unknown_opcode", ".quad 0x7f00000000000000", "Unknown opcode 127"),
    ("zero_opcode", ".quad 0", "Unknown opcode 0"),
    ("read32_oob", "movi r1, 0x04200000\nload32 r2, r1, 0", "READ32 out of bounds: 0x04200000"),
    ("write32_oob", "movi r1, 0x04200000\nstore32 r2, r1, 0", "WRITE32 out of bounds: 0x04200000"),
    ("read8_oob", "movi r1, 0xfffffff0\nload r2, r1, 0", "READ8 out of bounds: 0xfffffff0"),
    ("write8_oob", "movi r1, 0x05000000\nstore r2, r1, 0", "WRITE8 out of bounds: 0x05000000"),
    ("ifetch_oob", "jmp 0x04200000", "IFETCH out of bounds: 0x04200000"),
    ("ifetch_mmio", "jmp SYSINFO_BASE", "IFETCH from MMIO: 0x0074c000"),
    ("cas_unaligned", "movi r1, 0x3002\ncas r2, r1, r3, 0", "CAS unaligned address: 0x00003002"),
    ("xadd_mmio", "movi r1, SYSINFO_BASE\nxadd r2, r1, r3, 0", "XADD does not support MMIO addr: 0x0074c000"),
    ("ldar_oob", "movi r1, 0x05000000\nldar r2, r1, 0", "LDAR out of bounds: 0x05000000"),
    ("stlr_fb", "movi r1, FB_BASE\nstlr r2, r1, 0", "STLR does not support MMIO addr: 0x04000000"),
    ("load16_unaligned", "movi r1, 0x3001\nload16 r2, r1, 0", "LOAD16 unaligned address: 0x00003001"),
    ("storex16_unaligned", "movi r1, 0x3000\nmovi r3, 3\nstorex16 r2, r1, r3, 0", "STOREX16 unaligned address: 0x00003003"),
    ("in_port", "movi r1, 256\nin r2, r1", "IN invalid IO address 256"),
    ("out_port", "movi r1, -1\nout r2, r1", "OUT invalid IO address -1"),
    ("pop_empty", "pop r1", "Data stack underflow"),
    ("ret_empty", "ret", "Call stack underflow"),
    ("call_forever", "again: call again", "Call stack overflow"),
    ("push_forever", "again: push r1\njmp again", "Data stack overflow"),
    ("stack_base", "movi r1, 0x03ffff00\nmovi r2, 0xf4\nout r1, r2", "OUT invalid call stack base 0x03ffff00"),
    # MMU on with an empty root table: the very next fetch faults (not present, execute access).
    ("mmu_fault", "movi r1, MMU_BASE\nmovi r2, 0x10000\nstore32 r2, r1, 8\nmovi r2, 1\nstore32 r2, r1, 4",
     "IFETCH page fault va: 0x00002044 status=0x11 info=0x4 root_lo=0x00010000"),
    # A fault on an AP ends the whole VM the same way.
    ("ap_fault", "movi r1, 1\nmovi r2, ap\nstartap r1, r2, 0\nspin: jmp spin\nap: .quad 0x6100000000000000",
     "Unknown opcode 97"),
]

HALTS = [
    ("sysinfo_write", "movi r1, SYSINFO_BASE\nstore32 r1, r1, 0\nhalt_never: jmp halt_never",
     "Attempted write to read-only SYSINFO MMIO"),
    ("time_write", "movi r1, TIME_BASE\nstore32 r1, r1, 4\nhalt_never: jmp halt_never",
     "Attempted to write to read-only TIME MMIO at 0x00002004"),
    ("intc_write", "movi r1, INTC_BASE\nstore32 r1, r1, 0x20\nhalt_never: jmp halt_never",
     "INTC: unknown write at offset 0x020 (value 0x0074d000)"),
    ("mmu_write", "movi r1, MMU_BASE\nstore32 r1, r1, 0x40\nhalt_never: jmp halt_never",
     "Unknown MMU MMIO write at offset 0x40"),
]

with tempfile.TemporaryDirectory() as tmp:
    def build(name, body):
        src, out = os.path.join(tmp, name + ".asm"), os.path.join(tmp, name + ".bin")
        with open(src, "w") as f:
            f.write(".text\n" + body + "\nhalt\n")
        r = run(["lamp-asm", src, "-o", out])
        if r.returncode != 0:
            fail(f"{name}: does not assemble", r)
        return out

    for name, body, message in PANICS:
        r = run(["lamp", "--bin", build(name, body), "--headless", "--smp", "2"], timeout=30)
        if r.returncode != 1:
            fail(f"{name}: expected exit 1, got {r.returncode}", r)
        if f"VM panic detected. {message}\n @ " not in r.stdout or "Creating VM dump..." not in r.stdout:
            fail(f"{name}: expected the panic report for {message!r}", r)
        if "Execution complete" in r.stdout:
            fail(f"{name}: a panic is not a normal end", r)

    for name, body, message in HALTS:
        r = run(["lamp", "--bin", build(name, body), "--headless"], timeout=30)
        if r.returncode != 0 or message not in r.stderr or "Execution complete in " not in r.stdout:
            fail(f"{name}: expected a halt after {message!r}", r)
passed("lamp faults")
