"""The monitor, driven through a pipe (Ctrl-A c on the console) and through --monitor unix:PATH:
registers, memory, stepping, a breakpoint, and `walk` checked against the example kernel's page
table (root at 0x80006000, the kernel's 8 MiB identity-mapped with 2 MiB pages)."""
import os
import re
import socket
import time

from gdbharness import symbol
from harness import BUILD, Session, expect_exit, fail, passed, temp_dir

ELF = os.path.join(BUILD, "guests", "examples", "minimal-kernel", "kernel.elf")
trap = symbol(ELF, "trap")
folder = temp_dir("microvm-monitor-")
gdb_socket = os.path.join(folder, "gdb.sock")
monitor_socket = os.path.join(folder, "monitor.sock")

# 1. Through a pipe: the machine waits (--gdb-wait, no GDB ever connects); the monitor looks and steps.
s = Session(["run", "--kernel", ELF, "--cpus", "2", "--gdb", "unix:" + gdb_socket, "--gdb-wait",
             "--timeout-secs", "60"])
s.send(b"\x01c")
s.expect(r"\(microvm\) ")
s.send("info harts\n")
s.expect(r"\* hart 0: pc=0x1000 M-mode")
s.expect(r"  hart 1: pc=0x1000 M-mode")
s.send("step 6\n")  # the reset ROM's six instructions end in a jump to the kernel
s.expect(r"hart 0 at pc=0x80000000 \(M-mode\)")
s.send("info harts\n")  # parked harts are stopped, not running
s.expect(r"\* hart 0: pc=0x80000000 M-mode [^\n]*, stopped by the debugger,")
s.send("x/2xw 0x80000000\n")
s.expect(r"0000000080000000: 0xf14022f3 0x")  # csrr t0, mhartid
s.send("x/1i 0x80000000\n")  # the disassembler, with the kernel's symbols
s.expect(r"0000000080000000 <_start>: f14022f3 csrr t0,mhartid")
s.send("disasm 0x1000 2\n")  # the reset ROM
s.expect(r"0000000000001000: 00000297 auipc t0,0x0\r?\n0000000000001004: 02828613 add a2,t0,40 # 0x1028")
s.send("walk 0x80001000\n")
s.expect(r"satp=0x0 mode=Bare: no translation, pa=0x80001000")
s.send("hart 1\n")
s.expect(r"hart 1 selected")
s.send("info regs\n")
s.expect(r"hart 1 pc=0x0000000000001000 mode=M")
s.send("bogus\n")
s.expect(r"unknown command 'bogus'")
s.send("x/4zz 0\n")
s.expect(r"error: bad format '4zz'")
s.send("quit\n")
r = s.finish()
expect_exit(r, 0)

# 2. Through a socket: break in the trap handler, run there, and walk the kernel's page table.
session = Session(["run", "--kernel", ELF, "--monitor", "unix:" + monitor_socket, "--gdb", "unix:" + gdb_socket,
                   "--gdb-wait", "--timeout-secs", "60"])
deadline = time.monotonic() + 30
while not os.path.exists(monitor_socket):
    if time.monotonic() > deadline:
        fail("no monitor socket")
    time.sleep(0.05)
if os.stat(monitor_socket).st_mode & 0o077:
    fail(f"the monitor socket is open to others: {oct(os.stat(monitor_socket).st_mode)}")
conn = socket.socket(socket.AF_UNIX)
conn.connect(monitor_socket)
received = b""


def command(line):
    global received
    if line is not None:
        conn.sendall(line.encode() + b"\n")
    while not received.endswith(b"(microvm) "):
        chunk = conn.recv(4096)
        if not chunk:
            fail(f"the monitor closed the connection after {line!r}")
        received += chunk
    reply = received.decode()[: -len("(microvm) ")]
    received = b""
    return reply


def expect(pattern, text, what):
    if not re.search(pattern, text, re.MULTILINE):
        fail(f"{what}: no match for {pattern!r} in:\n{text}")


command(None)  # the greeting prompt
expect(rf"breakpoint at {trap:#x}", command(f"break {trap:#x}"), "break")
expect(r"running", command("cont"), "cont")
deadline = time.monotonic() + 30
while f"pc={trap:#x}" not in command("info harts"):
    if time.monotonic() > deadline:
        fail("the breakpoint on trap() was not hit")
    time.sleep(0.1)
walk = command("walk 0x80001000")
expect(r"^satp=0x8000000000080006 mode=Sv39 asid=0x0 root=0x80006000$", walk, "walk: satp")
expect(r"^  L2 \[  2\] pte@0x80006010 = 0x0000000020001c01 V------- ppn=0x80007: next level$", walk, "walk: L2")
expect(r"^  L1 \[  0\] pte@0x80007000 = 0x00000000200000df VRWXU-AD ppn=0x80000: leaf \(2 MiB page\)$", walk,
       "walk: L1")
expect(r"^  pa=0x80001000$", walk, "walk: the physical address")
expect(r"page fault", command("walk 0x40000000"), "walk of an unmapped address")
expect(r"^0000000080006010: 0x0000000020001c01$", command("xp/1xg 0x80006010"), "xp reads the PTE")
expect(r"80000000-0000000080800000 -> 0x80000000 VRWXU-AD", command("info mem"), "info mem")
expect(r"0x10000000-0x10000100 uart", command("info devices"), "info devices")
expect(r"^mcause\s+0x", command("info csrs"), "info csrs")
expect(r"deleted", command(f"delete {trap:#x}"), "delete")
expect(r"running", command("cont"), "cont")
conn.close()
r = session.finish()
expect_exit(r, 0)
if "[kernel] all tasks exited" not in r.stdout:
    fail("the kernel did not run to its end after the monitor let it go", r)
passed("monitor through a pipe and a socket")
