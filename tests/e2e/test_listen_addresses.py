"""Nobody else on the network reaches the machine: a forwarded port listens on 127.0.0.1 unless the
user names an address (QEMU listens on every interface), the GDB stub listens on 127.0.0.1 only, and
its Unix socket is owner-only. Read from the kernel's table of listening sockets while a guest runs."""
import os
import stat
import subprocess
import time

from harness import BUILD, MICROVM, fail, passed, free_port, temp_dir

# A kernel that waits for console input, so the run lasts while we look.
WAITER = os.path.join(BUILD, "guests", "spec-check", "behave.elf")


def listening_address(port):
    """The local address (hex, as /proc/net/tcp prints it) of the socket listening on port."""
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hexport = local.split(":")
            if int(hexport, 16) == port and state == "0A":  # TCP_LISTEN
                return address
    return None


def while_running(options, ready):
    """Runs the waiting kernel with options until ready() returns a value; returns it."""
    proc = subprocess.Popen([MICROVM, "run", "-k", WAITER, "--bios", "none", "--timeout-secs", "30"] + options,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            value = ready()
            if value is not None:
                return value
            if proc.poll() is not None:
                fail(f"microvm ended (status {proc.returncode}): {proc.stdout.read().decode(errors='replace')}")
            time.sleep(0.1)
        fail(f"nothing appeared for {options}")
    finally:
        proc.kill()
        proc.wait()


def bound_to(forward_host):
    port = free_port()
    return while_running(["--net", f"user,hostfwd=tcp:{forward_host}:{port}-:22"], lambda: listening_address(port))


for host, expected in (("", "0100007F"), ("127.0.0.1", "0100007F"), ("0.0.0.0", "00000000")):
    got = bound_to(host)
    if got != expected:
        fail(f"hostfwd=tcp:{host}:PORT-:22 listens on {got}, expected {expected}")
port = free_port()
got = while_running(["--gdb", str(port)], lambda: listening_address(port))
if got != "0100007F":
    fail(f"--gdb {port} listens on {got}, expected 127.0.0.1")
path = os.path.join(temp_dir("microvm-listen-"), "gdb.sock")
mode = while_running(["--gdb", f"unix:{path}"], lambda: os.stat(path).st_mode if os.path.exists(path) else None)
if not stat.S_ISSOCK(mode) or stat.S_IMODE(mode) != 0o600:
    fail(f"--gdb unix:{path} has mode {oct(mode)}, expected a socket with 0600")
passed("GDB stub on 127.0.0.1 and a 0600 socket; hostfwd listens on 127.0.0.1 unless an address is given")
