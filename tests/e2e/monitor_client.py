"""The monitor over --monitor unix:PATH, for tests that type commands while a machine runs (both
machines answer a line with what it printed and a "(microvm) " prompt)."""
import os
import socket
import time

from harness import fail


def connect_unix(path, timeout=30):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            fail(f"no socket at {path}")
        time.sleep(0.05)
    conn = socket.socket(socket.AF_UNIX)
    conn.connect(path)
    conn.settimeout(60)
    return conn


class MonitorSocket:
    def __init__(self, path):
        self.conn = connect_unix(path)
        self.command(None)  # the greeting's prompt

    def command(self, line):
        """Sends `line` (None: nothing) and returns what the monitor answered before its next prompt."""
        if line is not None:
            self.conn.sendall(line.encode() + b"\n")
        received = b""
        while not received.endswith(b"(microvm) "):
            chunk = self.conn.recv(4096)
            if not chunk:
                fail(f"the monitor closed the connection after {line!r}")
            received += chunk
        return received.decode()[: -len("(microvm) ")]

    def quiet(self, line):
        """A command that must answer nothing."""
        reply = self.command(line)
        if reply.strip():
            fail(f"{line!r} said {reply!r}")
