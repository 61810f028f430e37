"""The GDB stub on the lamp machine, driven by a scripted client speaking the remote protocol
directly (gdb-multiarch has no Polaris architecture): the Polaris target description, every core a
thread, registers, memory, a breakpoint on an interrupt handler, single steps, break-in with Ctrl-C
on spinning cores, write/read/access watchpoints on stores, loads, the data stack and an atomic
(on core 0 and on core 1), and the exit of the guest reported to the debugger."""
import os
import socket
import subprocess
import tempfile
import time

from harness import MICROVM, BUILD, fail, passed

GUEST = os.path.join(BUILD, "guests", "lamp", "snapshot.bin")
# Addresses: 0x201c + 8 * index.
WATCHED = """
        .text
start:  movi r1, 0x3000         ; 0x201c
        movi r2, 5              ; 0x2024
        store32 r2, r1, 0       ; 0x202c  writes 0x3000
        load32 r3, r1, 0        ; 0x2034  reads 0x3000
        store r2, r1, 6         ; 0x203c  writes the byte at 0x3006
        push r2                 ; 0x2044  writes the data stack top slot (core 0 of 2: 0x3f70bfc)
        pop r4                  ; 0x204c  reads it
        movi r5, 7              ; 0x2054
        cas r2, r1, r5, 8       ; 0x205c  reads and writes 0x3008 (and fails: it holds 0)
        movi r6, 1              ; 0x2064
        movi r7, ap             ; 0x206c
        startap r6, r7, 0       ; 0x2074
idle:   pause                   ; 0x207c
        jmp idle                ; 0x2084
ap:     movi r1, 0x3010         ; 0x208c
        store32 r1, r1, 0       ; 0x2094  core 1 writes 0x3010
        halt                    ; 0x209c
"""
SPIN = """
        .text
start:  movi r1, 1
        movi r2, ap
        startap r1, r2, 0
        movi r5, 0
spin0:  inc r5
        jmp spin0
ap:     movi r6, 0
spin1:  inc r6
        jmp spin1
"""


class Remote:
    def __init__(self, path):
        deadline = time.monotonic() + 30
        while not os.path.exists(path):
            if time.monotonic() > deadline:
                fail("the GDB socket never appeared")
            time.sleep(0.05)
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.sock.settimeout(30)
        self.buffer = b""
        self.ack = True

    def _byte(self):
        while not self.buffer:
            data = self.sock.recv(4096)
            if not data:
                fail("the stub closed the connection")
            self.buffer += data
        b, self.buffer = self.buffer[:1], self.buffer[1:]
        return b

    def reply(self):
        while self._byte() != b"$":
            pass
        payload = b""
        while (b := self._byte()) != b"#":
            payload += b
        checksum = self._byte() + self._byte()
        if int(checksum, 16) != sum(payload) % 256:
            fail(f"bad checksum on {payload!r}")
        if self.ack:
            self.sock.sendall(b"+")
        return payload.decode()

    def send(self, payload):
        data = payload.encode()
        self.sock.sendall(b"$" + data + b"#%02x" % (sum(data) % 256))

    def ask(self, payload):
        self.send(payload)
        return self.reply()


def expect(got, want, what):
    if got != want:
        fail(f"{what}: expected {want!r}, got {got!r}")


def le32(value):
    return value.to_bytes(4, "little").hex()


def value(hex_text):
    return int.from_bytes(bytes.fromhex(hex_text), "little")


def start(binary, smp, directory):
    sock = os.path.join(directory, "gdb.sock")
    proc = subprocess.Popen([MICROVM, "lamp", "--headless", "--bin", binary, "--smp", smp, "--gdb",
                             "unix:" + sock, "--gdb-wait"], cwd=directory, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc, Remote(sock)


with tempfile.TemporaryDirectory() as tmp:
    proc, gdb = start(GUEST, "2", tmp)
    if "PacketSize=" not in gdb.ask("qSupported:swbreak+;hwbreak+"):
        fail("qSupported")
    expect(gdb.ask("QStartNoAckMode"), "OK", "no-ack mode")
    gdb.ack = False
    xml = gdb.ask("qXfer:features:read:target.xml:0,3fff")
    if not xml.startswith("l") or "org.microvm.polaris.core" not in xml or \
            '<reg name="ip" bitsize="32" type="code_ptr" regnum="32"/>' not in xml or \
            '<reg name="r31" bitsize="32"' not in xml or "<architecture>" in xml:
        fail(f"target description: {xml}")
    expect(gdb.ask("?"), "T05thread:1;", "stopped before the first instruction")
    expect(gdb.ask("qfThreadInfo"), "m1,2", "every core is a thread")
    expect(bytes.fromhex(gdb.ask("qThreadExtraInfo,2")).decode(), "core 1, waiting for STARTAP", "core 1")
    regs = gdb.ask("g")
    expect(len(regs), 34 * 8, "g: r0-r31, ip, flags")
    expect(regs[32 * 8:33 * 8], le32(0x201C), "ip at the text base")
    with open(GUEST, "rb") as f:
        first = f.read()[24:32]
    expect(gdb.ask("m201c,8"), first.hex(), "memory holds the program")

    # Run until the guest has installed its handlers, then stop in the software-interrupt handler.
    expect(gdb.ask("Z0,2024,8"), "OK", "a breakpoint on the second instruction")
    gdb.send("vCont;c")
    expect(gdb.reply(), "T05thread:1;swbreak:;", "the breakpoint is hit")
    expect(gdb.ask("p20"), le32(0x2024), "ip at the breakpoint")
    expect(gdb.ask("z0,2024,8"), "OK", "breakpoint removed")
    gdb.send("vCont;s:1")
    expect(gdb.reply(), "T05thread:1;", "a single step")
    expect(gdb.ask("p20"), le32(0x202C), "one instruction further")
    expect(gdb.ask("Z1,2044,8"), "OK", "a hardware breakpoint where IVT[0x40] is stored")
    gdb.send("c")
    expect(gdb.reply(), "T05thread:1;hwbreak:;", "the second breakpoint, a hardware one")
    expect(gdb.ask("z1,2044,8"), "OK", "removed")
    handler = value(gdb.ask("p1"))  # r1 = swi_isr, about to be stored in IVT[0x40]
    if not 0x2044 < handler < 0x3000:
        fail(f"swi_isr at {handler:#x}")
    expect(gdb.ask(f"Z0,{handler:x},8"), "OK", "a breakpoint on the interrupt handler")
    gdb.send("c")
    expect(gdb.reply(), "T05thread:1;swbreak:;", "the handler's breakpoint")
    expect(gdb.ask("p20"), le32(handler), "stopped at the handler's first instruction")
    expect(gdb.ask("p1f"), le32(0x40), "r31 holds the vector")
    expect(gdb.ask("p28"), le32(1), "in_interrupt")
    expect(gdb.ask("m40000000,4"), gdb.ask("m105000,4"), "core 0 reads through its MMU")
    expect(gdb.ask("Hg2"), "OK", "select core 1")
    if gdb.ask("m40000000,4") != "E14":
        fail("core 1 has no MMU on: VA 0x40000000 is outside RAM")
    expect(gdb.ask("Hg1"), "OK", "select core 0")
    expect(gdb.ask("P5=efbeadde"), "OK", "write r5")
    expect(gdb.ask("p5"), "efbeadde", "r5 written")
    expect(gdb.ask("M105010,4,01020304".replace(",4,", ",4:")), "OK", "write memory")
    expect(gdb.ask("m105010,4"), "01020304", "memory written")
    expect(gdb.ask(f"z0,{handler:x},8"), "OK", "remove it")
    gdb.send("c")
    expect(gdb.reply(), "W00", "the guest halts and the debugger hears it")
    out, err = proc.communicate(timeout=60)
    if proc.returncode != 0 or b"software interrupts: 24" not in out:
        fail(f"the debugged run: {proc.returncode} {out.decode()} {err.decode()}")

    # Watchpoints: reported once the access's instruction has run, with the address it touched.
    src = os.path.join(tmp, "watched.asm")
    binary = os.path.join(tmp, "watched.bin")
    with open(src, "w") as f:
        f.write(WATCHED)
    subprocess.run([MICROVM, "lamp-asm", src, "-o", binary], check=True)
    proc, gdb = start(binary, "2", tmp)
    expect(gdb.ask("QStartNoAckMode"), "OK", "no-ack mode")
    gdb.ack = False
    for kind, address, reply, ip, check in [
            ("2", 0x3000, "watch:3000", 0x2034, ("m3000,4", "05000000")),
            ("3", 0x3000, "rwatch:3000", 0x203C, ("p3", le32(5))),
            ("4", 0x3004, "awatch:3006", 0x2044, ("m3004,4", "00000500")),
            ("2", 0x3F70BFC, "watch:3f70bfc", 0x204C, ("m3f70bfc,4", "05000000")),
            ("3", 0x3F70BFC, "rwatch:3f70bfc", 0x2054, ("p4", le32(5))),
            ("2", 0x3008, "watch:3008", 0x2064, ("p2", le32(0)))]:
        expect(gdb.ask(f"Z{kind},{address:x},4"), "OK", f"Z{kind} at {address:#x}")
        gdb.send("c")
        expect(gdb.reply(), f"T05thread:1;{reply};", f"Z{kind} at {address:#x} is hit")
        expect(gdb.ask("p20"), le32(ip), f"Z{kind} at {address:#x}: stopped after the access")
        expect(gdb.ask(check[0]), check[1], f"Z{kind} at {address:#x}: the access was done")
        expect(gdb.ask(f"z{kind},{address:x},4"), "OK", "removed")
    if not gdb.ask("Z2,3000,0").startswith("E"):
        fail("a watchpoint of length 0 is refused")
    expect(gdb.ask("Z2,3010,4"), "OK", "a watchpoint core 1 hits")
    expect(gdb.ask("Z3,5000,4"), "OK", "a watchpoint nothing hits")
    gdb.send("c")
    expect(gdb.reply(), "T05thread:2;watch:3010;", "core 1's store")
    expect(gdb.ask("Hg2"), "OK", "select core 1")
    expect(gdb.ask("p20"), le32(0x209C), "core 1 stopped after its store")
    expect(gdb.ask("z2,3010,4"), "OK", "removed")
    gdb.send("c")
    expect(gdb.reply(), "W00", "the guest halts with a watchpoint still set that nothing hit")
    proc.communicate(timeout=60)
    if proc.returncode != 0:
        fail(f"the watched run: exit status {proc.returncode}")

    # Break-in on two spinning cores.
    src = os.path.join(tmp, "spin.asm")
    binary = os.path.join(tmp, "spin.bin")
    with open(src, "w") as f:
        f.write(SPIN)
    subprocess.run([MICROVM, "lamp-asm", src, "-o", binary], check=True)
    proc, gdb = start(binary, "2", tmp)
    gdb.send("vCont;c")
    time.sleep(0.5)
    gdb.sock.sendall(b"\x03")
    stop = gdb.reply()
    if not stop.startswith("T02thread:"):
        fail(f"Ctrl-C: {stop}")
    counts = []
    for thread, reg in (("1", "p5"), ("2", "p6")):
        expect(gdb.ask("Hg" + thread), "OK", "select a core")
        counts.append(value(gdb.ask(reg)))
    if not all(counts):
        fail(f"both cores ran before the break-in: {counts}")
    gdb.send("c")
    time.sleep(0.3)
    gdb.sock.sendall(b"\x03")
    if not gdb.reply().startswith("T02thread:"):
        fail("a second Ctrl-C")
    gdb.send("k")
    proc.wait(timeout=30)
    if proc.returncode != 0:
        fail(f"kill: exit status {proc.returncode}")

passed("lamp GDB stub")
