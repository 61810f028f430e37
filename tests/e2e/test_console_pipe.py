"""A piped stdin drives the guest for scripted sessions: bytes reach the console device --stdin
names (auto: the virtio-console when the kernel command line's last console= is hvc1 or above),
Ctrl-A escapes work in the stream, and EOF on the pipe does not end the run."""
import os
import time

from harness import BUILD, run, fail, passed, expect_exit, expect_lines

ECHO = os.path.join(BUILD, "guests", "console-echo", "echo.elf")


def session(stdin, *extra, timeout_secs="30"):
    return run(["run", "--kernel", ECHO, "--timeout-secs", timeout_secs] + list(extra), stdin=stdin)


# The UART by default; the run outlives the end of its input.
start = time.time()
r = session(b"hi", timeout_secs="2")
expect_exit(r, 124)
expect_lines(r, ["echo: ready (uart and hvc)", "uart 68", "uart 69"])
if "\nhvc " in r.stdout or time.time() - start < 1.5:
    fail("input went astray, or EOF ended the run", r)

r = session(b"ok q")
expect_exit(r, 0)
expect_lines(r, ["uart 6f", "uart 6b", "uart 20", "uart 71"])

# hvc0 when asked, and then the UART hears nothing.
r = session(b"vq", "--stdin", "virtio")
expect_exit(r, 0)
expect_lines(r, ["hvc 76", "hvc 71"])
if "\nuart " in r.stdout:
    fail("the UART received input meant for hvc0", r)

# auto follows the last console= on the kernel command line, as Linux's /dev/console does: hvc1
# is Linux's virtio-console, hvc0 its SBI console on the serial line.
for cmdline, device in (("console=ttyS0 console=hvc1", "hvc"), ("console=hvc1 console=ttyS0", "uart"),
                        ("console=hvc0", "uart")):
    r = session(b"aq", "--cmdline", cmdline)
    expect_exit(r, 0)
    expect_lines(r, [f"{device} 61", f"{device} 71"])

# Escapes in a pipe: C-a a is a literal C-a, an unknown escape is dropped.
r = session(b"1\x01a2\x01y3q")
expect_exit(r, 0)
expect_lines(r, ["uart 31", "uart 01", "uart 32", "uart 33", "uart 71"])
if "uart 79" in r.stdout:
    fail("an unknown escape leaked to the guest", r)

# C-a x quits at once, even when it arrives before the machine is up; nothing after it is read.
start = time.time()
r = session(b"\x01x4")
expect_exit(r, 0)
if "uart 34" in r.stdout or time.time() - start > 10:
    fail("C-a x in a pipe did not quit at once", r)
passed("console driven through a pipe")
