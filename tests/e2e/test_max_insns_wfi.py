"""--max-insns and a hart waiting in WFI: a machine restored from a snapshot whose hart is already
past the limit while it waits for a timer ten hours away stops at once, with the limit's exit status
(125) and message, and without running an instruction, instead of sleeping until the timer (which
--timeout-secs would end with 124)."""
import os
import re
import tempfile

from harness import run, expect_exit, expect_regex, fail, passed, BUILD

guest = os.path.join(BUILD, "guests", "wfi-wait", "wait.elf")

with tempfile.TemporaryDirectory() as tmp:
    snap = os.path.join(tmp, "wfi.snap")
    # A threaded run: --deterministic would skip the ten hours at once. The timeout stops it
    # while it waits, and the snapshot is saved then.
    first = run(["run", "--kernel", guest, "--save-snapshot", snap, "--timeout-secs", "2"], timeout=60)
    expect_exit(first, 124)
    if "wfi-wait: waiting" not in first.stdout:
        fail("the guest did not get to its WFI", first)
    info = run(["inspect", snap])
    expect_exit(info, 0)
    m = re.search(r"^hart 0: pc=(0x[0-9a-f]+) M-mode, waiting for an interrupt, (\d+) instructions$",
                  info.stdout, re.M)
    if not m:
        fail("the snapshot's hart is not waiting in WFI", info)
    pc, count = m.group(1), int(m.group(2))

    for limit in (1, count - 1, count):
        r = run(["run", "--load-snapshot", snap, "--max-insns", str(limit), "--timeout-secs", "20"], timeout=60)
        expect_exit(r, 125)
        expect_regex(r, rf"hart 0 reached the limit of {limit} instructions", "stderr")
        # The state at the stop: where the snapshot left the hart, not one instruction further.
        expect_regex(r, rf"hart 0: pc={pc} .*waiting for an interrupt, {count} instructions;", "stderr")
        if r.stdout:
            fail(f"--max-insns {limit}: the restored guest printed {r.stdout!r}", r)

    # A limit still ahead: the hart waits for its timer as before, and the timeout ends the run.
    r = run(["run", "--load-snapshot", snap, "--max-insns", str(count + 1), "--timeout-secs", "2"], timeout=60)
    expect_exit(r, 124)
passed("a restored hart waiting in WFI past --max-insns stops at once")
