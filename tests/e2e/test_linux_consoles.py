"""A shell session driven through a pipe answers commands on each console Linux can use: the
UART (ttyS0), the SBI console (hvc0) and the virtio-console (hvc1, where --stdin auto then sends the
keyboard). The pipe is written all at once and its end does not end the run (the guest's poweroff
does)."""
from harness import run, fail, passed, expect_exit, expect_lines
from linux_guest import require_linux, linux_args

require_linux()

# The leading newlines are harmless if the UART driver's start-up reads swallow a byte or two,
# as it does on QEMU too when input is already waiting.
script = (b"\n\necho hello-$((6*7))\n"
          b"cat /sys/class/tty/console/active\n"
          b"ls /sys/bus/virtio/drivers\n"
          b"echo sum-$(seq 1 100 | awk '{s+=$1} END {print s}')\n"
          b"poweroff -f\n")

for console in ("ttyS0", "hvc0", "hvc1"):
    r = run(linux_args(f"console={console}", "--timeout-secs", "300"), stdin=script, timeout=400)
    expect_exit(r, 0)
    expect_lines(r, ["MICROVM-GUEST: shell ready", "hello-42", "sum-5050"])
    if console not in r.stdout.split("shell ready", 1)[1]:
        fail(f"/sys/class/tty/console/active does not name {console}", r)
    for driver in ("virtio_blk", "virtio_console", "virtio_net", "virtio_rng"):
        if driver not in r.stdout:
            fail(f"{driver} is not in /sys/bus/virtio/drivers", r)
passed("scripted shell sessions on ttyS0, hvc0 (SBI) and hvc1 (virtio-console)")
