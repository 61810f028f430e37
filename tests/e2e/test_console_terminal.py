"""The console on a terminal: raw mode while the guest runs (keys arrive one by one, Ctrl-C goes to
the guest), QEMU's Ctrl-A escapes (h help, a literal Ctrl-A, x quit), and the terminal restored on
every way out: Ctrl-A x, a guest power-off, SIGTERM, and an error after raw mode began."""
import os
import pty
import select
import signal
import subprocess
import tempfile
import termios
import time

from harness import BUILD, MICROVM, fail, passed

ECHO = os.path.join(BUILD, "guests", "console-echo", "echo.elf")


class Session:
    def __init__(self, args):
        self.master, self.slave = pty.openpty()
        self.original = termios.tcgetattr(self.slave)
        self.proc = subprocess.Popen([MICROVM, "run"] + args, stdin=self.slave, stdout=self.slave,
                                     stderr=subprocess.PIPE, close_fds=True)
        self.output = b""

    def expect(self, needle, timeout=20):
        deadline = time.time() + timeout
        while needle.encode() not in self.output:
            left = deadline - time.time()
            ready, _, _ = select.select([self.master], [], [], max(left, 0))
            if not ready:
                self.kill()
                fail(f"no {needle!r} on the terminal; it shows:\n{self.output.decode('utf-8', 'replace')}")
            try:
                self.output += os.read(self.master, 4096)
            except OSError:
                break
        if needle.encode() not in self.output:
            fail(f"no {needle!r} on the terminal; it shows:\n{self.output.decode('utf-8', 'replace')}")

    def type(self, text):
        os.write(self.master, text.encode("latin-1"))

    def wait(self, status, timeout=20):
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            fail("microvm did not exit")
        if self.proc.returncode != status:
            fail(f"exit status {self.proc.returncode}, expected {status}; stderr: {self.proc.stderr.read()}")

    def check_restored(self, how):
        if termios.tcgetattr(self.slave) != self.original:
            fail(f"the terminal was left in raw mode after {how}")
        os.close(self.master)
        os.close(self.slave)

    def kill(self):
        self.proc.kill()
        self.proc.wait()


# Raw mode and the escapes.
s = Session(["--kernel", ECHO, "--timeout-secs", "60"])
s.expect("echo: ready")
attrs = termios.tcgetattr(s.slave)
if attrs[3] & (termios.ICANON | termios.ECHO | termios.ISIG):
    s.kill()
    fail("the terminal is not in raw mode while the guest runs")
s.type("a")  # no newline: raw mode passes every key at once
s.expect("uart 61")
s.type("\x03")  # Ctrl-C belongs to the guest
s.expect("uart 03")
s.type("\x01a")
s.expect("uart 01")
s.type("\x01h")
s.expect("C-a x    exit microvm")
s.type("z")
s.expect("uart 7a")
s.type("\x01x")
s.wait(0)
s.check_restored("Ctrl-A x")

# The guest powers off.
s = Session(["--kernel", ECHO, "--timeout-secs", "60"])
s.expect("echo: ready")
s.type("q")
s.wait(0)
s.check_restored("a guest power-off")

# A terminating signal.
s = Session(["--kernel", ECHO, "--timeout-secs", "60"])
s.expect("echo: ready")
s.proc.send_signal(signal.SIGTERM)
s.wait(130)
s.check_restored("SIGTERM")

# An error once the console is up: the kernel does not fit in RAM.
with tempfile.TemporaryDirectory() as tmp:
    big = os.path.join(tmp, "big.bin")
    with open(big, "wb") as f:
        f.truncate(20 << 20)
    s = Session(["--kernel", big, "--memory", "16"])
    s.wait(1)
    s.check_restored("an error")
passed("console on a terminal")
