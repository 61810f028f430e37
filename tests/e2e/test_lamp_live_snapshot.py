"""Lamp snapshots of a running machine: Ctrl-A s on the console and the monitor's `savevm FILE` save
the machine while it waits for serial input, the run goes on (and finishes with the byte typed
after), and a run restored from either file goes on from that point with other input: it does not
print the greeting again and prints the sum computed before the save. A file that cannot be written
gets an error from the monitor and the run goes on."""
import os
import subprocess
import tempfile
import time

from harness import MICROVM, Session, run, fail, passed, expect_exit
from monitor_client import MonitorSocket

GUEST = """
        .text
start:  movi r5, 0
        movi r6, 100
sum:    add r5, r5, r6          ; r5 = 1 + 2 + ... + 100, before the snapshot
        subi r6, r6, 1
        jnz sum
        movi r0, ready
        call puts
        movi r7, 2
wait:   in r8, r7               ; the serial status: bit 0 = a byte is there
        andi r8, r8, 1
        jz wait
        movi r7, 3
        in r9, r7
        movi r0, got
        call puts
        movi r7, 1
        out r9, r7
        movi r0, comma
        call puts
        movi r10, 10            ; r5 in decimal, four digits
        movi r11, 1000
digit:  div r12, r5, r11
        mod r12, r12, r10
        addi r12, r12, '0'
        out r12, r7
        div r11, r11, r10
        cmpi r11, 0
        jnz digit
        movi r12, 10
        out r12, r7
        halt
puts:   movi r2, 1
next:   load r1, r0, 0
        jz done
        out r1, r2
        addi r0, r0, 1
        jmp next
done:   ret
        .data
ready:  .asciz "ready\\n"
got:    .asciz "got "
comma:  .asciz ", sum "
"""
HOST_LINES = ("Loaded ", "Layout:", "BSS clear:", "SMP mode enabled", "Execution complete")


def guest_output(stdout):
    return "".join(line for line in stdout.splitlines(keepends=True) if not line.startswith(HOST_LINES))


def wait_for(path, what):
    deadline = time.monotonic() + 60
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            fail(f"{what}: {path} never appeared")
        time.sleep(0.05)


def restored(snap, byte):
    r = run(["lamp", "--headless", "--load-snapshot", snap], stdin=byte)
    expect_exit(r, 0)
    if guest_output(r.stdout) != f"got {byte.decode()}, sum 5050\n":
        fail(f"the run restored from {snap} does not go on from the save", r)


with tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)  # never beside the sources
    src = os.path.join(tmp, "wait.asm")
    binary = os.path.join(tmp, "wait.bin")
    with open(src, "w") as f:
        f.write(GUEST)
    subprocess.run([MICROVM, "lamp-asm", src, "-o", binary], check=True)

    # Ctrl-A s: saved to --save-snapshot FILE, and the run goes on.
    snap = os.path.join(tmp, "console.snap")
    session = Session(["lamp", "--headless", "--bin", binary, "--save-snapshot", snap])
    session.expect("ready\n")
    session.send(b"\x01s")
    wait_for(snap, "Ctrl-A s")
    session.send(b"a")
    r = session.finish()
    expect_exit(r, 0)
    if guest_output(r.stdout) != "ready\ngot a, sum 5050\n":
        fail("the run after Ctrl-A s", r)
    if f"Ctrl-A s: saved a snapshot to {snap} at instruction" not in r.stderr:
        fail("Ctrl-A s says what it saved", r)
    restored(snap, b"b")

    # The monitor's savevm, on a running machine.
    sock = os.path.join(tmp, "monitor.sock")
    session = Session(["lamp", "--headless", "--bin", binary, "--monitor", "unix:" + sock])
    session.expect("ready\n")
    wait_for(sock, "--monitor")
    monitor = MonitorSocket(sock)
    command = monitor.command

    if "savevm FILE" not in command("help"):
        fail("help lists savevm")
    saved = os.path.join(tmp, "monitor.snap")
    reply = command(f"savevm {saved}")
    if not reply.startswith(f"savevm: saved a snapshot to {saved} at instruction ") or not os.path.exists(saved):
        fail(f"savevm: {reply!r}")
    bad = os.path.join(tmp, "no", "such", "dir", "x.snap")
    reply = command(f"savevm {bad}")
    if not reply.startswith(f"savevm: error: {bad}: cannot write the snapshot"):
        fail(f"savevm to a directory that does not exist: {reply!r}")
    if command("savevm") != "usage: savevm FILE\n":
        fail("savevm without a file")
    session.send(b"c")
    r = session.finish()
    expect_exit(r, 0)
    if guest_output(r.stdout) != "ready\ngot c, sum 5050\n":
        fail("the run after savevm", r)
    restored(saved, b"d")
    if sorted(os.listdir(tmp)) != sorted(["wait.asm", "wait.bin", "console.snap", "monitor.snap"]):
        fail(f"unexpected files: {os.listdir(tmp)}")

passed("lamp snapshots from Ctrl-A s and savevm")
