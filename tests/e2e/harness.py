"""Helpers for end-to-end tests: run the microvm binary and check what it prints.

Each test_*.py is a CTest test; it exits non-zero on the first failed check and says why.
The environment gives MICROVM (the executable), MICROVM_BUILD and MICROVM_SOURCE.
"""
import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile

MICROVM = os.environ.get("MICROVM", "build/release/microvm")
BUILD = os.environ.get("MICROVM_BUILD", "build/release")
SOURCE = os.environ.get("MICROVM_SOURCE", ".")
SHARED_GUESTS = os.path.join(SOURCE, "..", "shared", "guests")


class _Tracked(subprocess.Popen):
    """Every process a test starts (subprocess.run too): one still running when the test exits
    (it failed half-way) is killed, so that a failed test leaves no emulator waiting on a socket."""
    started = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _Tracked.started.append(self)


_temp_dirs = []


def temp_dir(prefix):
    """A new folder in the temporary directory ($TMPDIR), removed when the test exits, passed or
    failed: fail() exits at once, past any cleanup at the end of a test."""
    folder = tempfile.mkdtemp(prefix=prefix)
    _temp_dirs.append(folder)
    return folder


def _clean_up():
    for proc in _Tracked.started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # Only once the processes are gone: an emulator still running could write into its folder again.
    for folder in _temp_dirs:
        shutil.rmtree(folder, ignore_errors=True)


subprocess.Popen = _Tracked
atexit.register(_clean_up)


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode = returncode
        # A guest's tty turns "\n" into "\r\n"; tests match lines, so drop the carriage returns.
        self.stdout = stdout.replace("\r\n", "\n")
        self.stderr = stderr


def run(args, timeout=120, stdin=None, binary=MICROVM):
    """Runs microvm with args; returns a Result (stdout/stderr decoded leniently)."""
    proc = subprocess.run([binary] + args, input=stdin, capture_output=True, timeout=timeout)
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(message, result=None):
    print("FAIL:", message)
    if result is not None:
        print("--- exit status:", result.returncode)
        print("--- stdout:\n" + result.stdout[-4000:])
        print("--- stderr:\n" + result.stderr[-4000:])
    sys.exit(1)


def expect_exit(result, status):
    if result.returncode != status:
        fail(f"expected exit status {status}, got {result.returncode}", result)


def expect_lines(result, lines):
    """Every line must appear in stdout, in this order (other lines may come between)."""
    position = 0
    out = result.stdout.replace("\r\n", "\n")
    for line in lines:
        found = out.find(line, position)
        if found < 0:
            fail(f"missing (in order) line: {line!r}", result)
        position = found + len(line)


def expect_regex(result, pattern, stream="stdout"):
    text = getattr(result, stream)
    match = re.search(pattern, text, re.MULTILINE)
    if not match:
        fail(f"{stream} does not match {pattern!r}", result)
    return match


def passed(name):
    print(f"PASS: {name}")
    sys.exit(0)


def extended_linux_dir():
    """Where guests/linux/build.sh keeps the Linux guest it builds: a cache folder keyed by a hash
    of guests/linux (its kernel, 6.12, has 9P, a framebuffer console, perf events, virtio-input and
    user-space V)."""
    script = os.path.join(SOURCE, "guests", "linux", "build.sh")
    return subprocess.run([script, "--print-out"], capture_output=True, text=True, check=True).stdout.strip()


def _images_in(folder):
    image, initramfs = os.path.join(folder, "Image"), os.path.join(folder, "initramfs.cpio.gz")
    return (image, initramfs) if os.path.exists(image) and os.path.exists(initramfs) else None


def linux_images():
    """(Image, initramfs) of the Linux guest: ../shared/guests/linux when it is there (CI), else the
    ones guests/linux/build.sh built (scripts/dev.sh test builds them when neither exists)."""
    found = _images_in(os.path.join(SHARED_GUESTS, "linux")) or _images_in(extended_linux_dir())
    if found:
        return found
    fail("no Linux guest images: run guests/linux/build.sh (or put them in ../shared/guests/linux)")


def extended_linux_images():
    """(Image, initramfs) of the Linux guest guests/linux/build.sh builds, for tests of what only
    its kernel has (9P, framebuffer console, perf, virtio-input, V). Never the shared images."""
    folder = extended_linux_dir()
    found = _images_in(folder)
    if found:
        return found
    fail(f"no Linux guest in {folder}: run guests/linux/build.sh (about 25 minutes; scripts/dev.sh test "
         "runs it)")


class Session:
    """An interactive run: send input as the guest asks for it, wait for output by pattern."""

    def __init__(self, args, binary=MICROVM):
        import threading
        self.proc = subprocess.Popen([binary] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.output = b""
        self.position = 0
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(4096)
            if not chunk:
                return
            with self.lock:
                self.output += chunk

    def text(self):
        with self.lock:
            return self.output.decode("utf-8", "replace")

    def expect(self, pattern, timeout=60):
        """Waits until `pattern` (a regex) appears after what earlier expects consumed."""
        import time
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                text = self.output.decode("utf-8", "replace")
            match = re.compile(pattern, re.MULTILINE).search(text, self.position)
            if match:
                self.position = match.end()
                return match
            if self.proc.poll() is not None and not self.reader.is_alive():
                break
            time.sleep(0.05)
        self.kill()
        fail(f"timed out waiting for {pattern!r}", Result(self.proc.returncode, self.text(), ""))

    def send(self, data):
        self.proc.stdin.write(data.encode() if isinstance(data, str) else data)
        self.proc.stdin.flush()

    def finish(self, timeout=60):
        """Waits for the run to end; returns a Result."""
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            fail("the run did not end", Result(None, self.text(), ""))
        self.reader.join(timeout=5)
        return Result(self.proc.returncode, self.text(), self.proc.stderr.read().decode("utf-8", "replace"))

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def rust_libs():
    """A folder with Rust's core built for the rust starter kit (its RUST_LIBS): built once per build
    tree, under a lock, since the tests that need it may run at the same time."""
    import fcntl
    folder = os.path.abspath(os.path.join(BUILD, "rust-libs"))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kit = temp_dir("rust-libs-")
        shutil.copy(os.path.join(SOURCE, "templates", "rust", "Makefile"), kit)
        proc = subprocess.run(["make", "RUST_LIBS=" + folder, os.path.join(folder, "libcore.rlib")], cwd=kit,
                              capture_output=True, timeout=1800)
        if proc.returncode != 0:
            fail("building Rust's core for the rust kit failed:\n" + proc.stdout.decode() + proc.stderr.decode())
    return folder
