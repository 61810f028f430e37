"""Helpers for the debugger tests: a microvm run with --gdb, and scripted gdb-multiarch sessions."""
import os
import signal
import subprocess
import threading
import time

from harness import MICROVM, fail, temp_dir

GDB = "gdb-multiarch"


def tool(name):
    for prefix in ("riscv64-unknown-elf-", "riscv64-linux-gnu-"):
        path = prefix + name
        if subprocess.run(["which", path], capture_output=True).returncode == 0:
            return path
    fail(f"no riscv64 {name}: run scripts/setup.sh")


def symbol(elf, name):
    """The address of `name` in `elf` (from nm)."""
    out = subprocess.run([tool("nm"), elf], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    fail(f"{elf} has no symbol {name}")


def instruction_in(elf, function, mnemonic):
    """The address of the first `mnemonic` instruction inside `function` (from objdump)."""
    out = subprocess.run([tool("objdump"), "-d", elf], capture_output=True, text=True, check=True).stdout
    inside = False
    for line in out.splitlines():
        if line.endswith(f"<{function}>:"):
            inside = True
        elif inside and line.strip() == "":
            break
        elif inside:
            parts = line.split("\t")
            if len(parts) >= 3 and parts[2].strip() == mnemonic:
                return int(parts[0].strip().rstrip(":"), 16)
    fail(f"no {mnemonic} in {function} of {elf}")


class Machine:
    """microvm running with the GDB stub on a unix socket in a fresh directory."""

    def __init__(self, args, wait=True, tcp_port=None):
        self.dir = temp_dir("microvm-gdb-")
        self.socket = os.path.join(self.dir, "gdb.sock")
        self.tcp_port = tcp_port
        where = str(tcp_port) if tcp_port else "unix:" + self.socket
        extra = ["--gdb", where] + (["--gdb-wait"] if wait else [])
        self.proc = subprocess.Popen([MICROVM, "run"] + args + extra, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while not self._listening():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                out, err = self.proc.communicate()
                fail(f"microvm did not open its GDB socket: {err.decode(errors='replace')}")
            time.sleep(0.05)

    def _listening(self):
        if not self.tcp_port:
            return os.path.exists(self.socket)
        with open("/proc/net/tcp") as f:
            return any(line.split()[1] == f"0100007F:{self.tcp_port:04X}" and line.split()[3] == "0A"
                       for line in f.readlines()[1:])

    def finish(self, timeout=60):
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            fail("microvm did not end after GDB's session:\n" + err.decode(errors="replace"))
        return self.proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def run_gdb(commands, elf=None, interrupt_after=None, timeout=120):
    """Runs gdb-multiarch in batch mode with `commands`; returns its output. With `interrupt_after`
    (a marker the script echoes), sends SIGINT to gdb a second after the marker appears, as a user
    pressing Ctrl-C does."""
    args = [GDB, "-nx", "-batch", "-ex", "set pagination off", "-ex", "set confirm off"]
    if elf:
        args += ["-ex", f"file {elf}"]
    for c in commands:
        args += ["-ex", c]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    output = []

    def read():
        for line in iter(proc.stdout.readline, b""):
            output.append(line.decode(errors="replace"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    interrupted = interrupt_after is None
    while proc.poll() is None and time.monotonic() < deadline:
        if not interrupted and any(interrupt_after in line for line in output):
            time.sleep(1)
            proc.send_signal(signal.SIGINT)
            interrupted = True
        time.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
        reader.join(5)
        fail("gdb did not finish:\n" + "".join(output))
    reader.join(5)
    return "".join(output)


def dump_registers(tag, registers):
    """GDB commands that print `registers` (names without $) after an @tag= marker."""
    return [f"echo @{tag}=\\n"] + [f"p/x ${r}" for r in registers]


def register_states(out, tag, count):
    """The register dumps after each @tag= marker in gdb's output, as tuples of `count` hex strings."""
    import re
    found = []
    for block in out.split(f"@{tag}=")[1:]:
        values = re.findall(r"^\$\d+ = (0x[0-9a-f]+)$", block, re.MULTILINE)[:count]
        if len(values) != count:
            fail(f"a dump after @{tag}= lacks registers:\n{block[:400]}")
        found.append(tuple(values))
    return found
