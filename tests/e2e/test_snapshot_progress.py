"""The progress line of a long snapshot save or load: on a terminal (a pty here) stderr shows
"microvm: saving a snapshot: compressing RAM N%" rewritten in place up to 100% and cleared before
the one-line result; piped, only the result. The guest fills 32 MiB with noise (8,192 pages to
compress); MICROVM_PROGRESS_AFTER_MS=0 shows the line at once instead of after 400 ms, so the test
does not depend on how fast this machine compresses."""
import os
import pty
import re
import subprocess
import tempfile

from harness import MICROVM, BUILD, run, fail, passed, expect_exit

FILL = os.path.join(BUILD, "guests", "snapshot-state", "fill.elf")
ENV = dict(os.environ, MICROVM_PROGRESS_AFTER_MS="0")


def on_terminal(args):
    """Runs microvm with stderr on a pty; returns (exit status, what the pty showed)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([MICROVM] + args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=slave, env=ENV)
    os.close(slave)
    shown = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the pty closes when microvm exits
            break
        if not data:
            break
        shown += data
    os.close(master)
    return proc.wait(timeout=120), shown.decode(errors="replace")


with tempfile.TemporaryDirectory() as tmp:
    snap = os.path.join(tmp, "fill.snap")
    save = ["run", "--kernel", FILL, "--on-fault", "ignore", "--save-snapshot", snap,
            "--save-snapshot-at", "38000000"]
    code, shown = on_terminal(save)
    if code != 0:
        fail(f"the save on a terminal exited with {code}:\n{shown}")
    steps = [int(p) for p in re.findall(r"\r\x1b\[Kmicrovm: saving a snapshot: compressing RAM (\d+)%", shown)]
    if len(steps) < 2 or steps != sorted(steps) or steps[-1] != 100:
        fail(f"expected a rising progress line ending at 100%, got {steps}:\n{shown!r}")
    if not re.search(r"\r\x1b\[Kmicrovm: --save-snapshot-at: saved a snapshot to .* at instruction 38000000", shown):
        fail(f"the line was not cleared before the result:\n{shown!r}")

    code, shown = on_terminal(["run", "--load-snapshot", snap, "--on-fault", "ignore", "--max-insns", "38000010"])
    if code != 0 and "reached the limit" not in shown:
        fail(f"the restore on a terminal failed ({code}):\n{shown}")
    if "microvm: loading the snapshot: decompressing RAM 100%" not in shown:
        fail(f"the restore showed no progress up to 100%:\n{shown!r}")

    piped = run(save[:-4] + ["--save-snapshot", os.path.join(tmp, "piped.snap"), "--save-snapshot-at",
                                 "38000000"])
    expect_exit(piped, 0)
    if "compressing RAM" in piped.stderr or "\r" in piped.stderr:
        fail("a piped stderr got the progress line", piped)
passed("a snapshot's save and load show a progress line on a terminal, and none in a pipe")
