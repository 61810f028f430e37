"""--record and --replay: a deterministic run's console input, typed in bursts while the guest
runs, is recorded with the point at which it entered the machine; replaying the record with no
input (or other input) prints byte for byte what the recorded run printed, and ends in the same
state, whether the guest powered off or the run was stopped from outside (--timeout-secs). The
same from a snapshot. Bad records (corrupt, a snapshot, another machine, missing) are one error."""
import os
import re
import tempfile
import time

from harness import Session, run, expect_exit, expect_regex, fail, passed, BUILD

guest = os.path.join(BUILD, "guests", "record-echo", "echo.elf")
other = os.path.join(BUILD, "guests", "console-echo", "echo.elf")
base = ["run", "--deterministic", "--kernel", guest]


def typed_run(args, bursts, close=True, booting=True):
    """Runs microvm and types each burst once the guest has seen the one before (so the input
    arrives while the guest runs, at points no test could choose)."""
    s = Session(args)
    if booting:
        s.expect(r"echo: ready")
    for burst in bursts:
        time.sleep(0.2)
        s.send(burst)
        for byte in burst:
            s.expect(rf"^got {byte} at \d+$")
    if close:
        s.proc.stdin.close()
    return s.finish(timeout=120)


def one_error(result, what, pattern):
    lines = result.stderr.strip().splitlines()
    if result.returncode != 1 or len(lines) != 1 or not lines[0].startswith("microvm: error: "):
        fail(f"{what}: expected exit status 1 and one error line", result)
    if not re.search(pattern, lines[0]):
        fail(f"{what}: the error does not match {pattern!r}", result)
    if result.stdout:
        fail(f"{what}: the guest ran", result)


with tempfile.TemporaryDirectory() as tmp:
    rec = os.path.join(tmp, "echo.rec")
    recorded = typed_run(base + ["--record", rec, "--timeout-secs", "100"], [b"hi", b"there", b"q"])
    expect_exit(recorded, 0)
    got = re.findall(r"^got (\d+) at (\d+)$", recorded.stdout, re.MULTILINE)
    if [int(c) for c, _ in got] != list(b"hithereq"):
        fail("the recorded run did not see h i t h e r e q", recorded)
    expect_regex(recorded, r"^sum \d+$")
    expect_regex(recorded, r"microvm: recorded \d+ inputs to .*echo\.rec \(the run ended at instruction \d+",
                 "stderr")

    replayed = run(base + ["--replay", rec, "--timeout-secs", "100"], stdin=b"")
    expect_exit(replayed, 0)
    if replayed.stdout != recorded.stdout:
        fail(f"the replay printed something else:\n{replayed.stdout!r}\n!=\n{recorded.stdout!r}", replayed)
    expect_regex(replayed, r"microvm: replayed \d+ inputs from .*: the run ended at instruction \d+, guest time "
                 r"\d+ in the recorded state", "stderr")

    # Typing during a replay changes nothing.
    typed_over = run(base + ["--replay", rec, "--timeout-secs", "100"], stdin=b"zzzzq")
    expect_exit(typed_over, 0)
    if typed_over.stdout != recorded.stdout:
        fail("input typed during a replay reached the guest", typed_over)

    info = run(["inspect", rec])
    expect_exit(info, 0)
    expect_regex(info, r"^record .*echo\.rec: version 1, starts from a boot$")
    expect_regex(info, r"^inputs: \d+ events: 8 console bytes, 0 network frames$")

    # A run stopped from outside: the replay stops at the same point, in the same state.
    cut = os.path.join(tmp, "cut.rec")
    stopped = typed_run(base + ["--record", cut, "--timeout-secs", "3"], [b"ab", b"c"], close=False)
    expect_exit(stopped, 124)
    if len(re.findall(r"^got ", stopped.stdout, re.MULTILINE)) != 3:
        fail("the stopped run did not see a b c", stopped)
    again = run(base + ["--replay", cut, "--timeout-secs", "100"], stdin=b"")
    expect_exit(again, 0)
    if again.stdout != stopped.stdout:
        fail("the replay of a stopped run printed something else", again)
    expect_regex(again, r"the replay reached the end of .*cut\.rec", "stderr")
    expect_regex(again, r"in the recorded state", "stderr")

    # From a snapshot: record a session on the restored machine, replay it on another restore.
    snap = os.path.join(tmp, "echo.snap")
    expect_exit(run(base + ["--save-snapshot", snap, "--save-snapshot-at", "2000000"], stdin=b""), 0)
    srec = os.path.join(tmp, "snap.rec")
    from_snap = typed_run(["run", "--load-snapshot", snap, "--record", srec, "--timeout-secs", "100"],
                          [b"xy", b"q"], booting=False)
    expect_exit(from_snap, 0)
    if len(re.findall(r"^got ", from_snap.stdout, re.MULTILINE)) != 3:
        fail("the restored run did not see x y q", from_snap)
    snap_replay = run(["run", "--load-snapshot", snap, "--replay", srec, "--timeout-secs", "100"], stdin=b"")
    expect_exit(snap_replay, 0)
    if snap_replay.stdout != from_snap.stdout:
        fail("the replay from a snapshot printed something else", snap_replay)
    info = run(["inspect", srec])
    expect_regex(info, r"starts from the snapshot .*echo\.snap$")

    # Bad records and bad combinations.
    with open(rec, "rb") as f:
        good = f.read()
    bad = os.path.join(tmp, "bad.rec")
    with open(bad, "wb") as f:
        f.write(good[:60] + bytes([good[60] ^ 0x40]) + good[61:])
    one_error(run(base + ["--replay", bad], stdin=b""), "a corrupt record", r"bad\.rec: .*checksum")
    with open(bad, "wb") as f:
        f.write(good[: len(good) // 2])
    one_error(run(base + ["--replay", bad], stdin=b""), "a truncated record", r"bad\.rec: .*truncated")
    one_error(run(base + ["--replay", snap], stdin=b""), "a snapshot as a record",
              r"echo\.snap: this is a snapshot, not a record")
    one_error(run(["run", "--deterministic", "--kernel", other, "--replay", rec], stdin=b""), "another kernel",
              r"echo\.rec: this record starts from another machine \(a boot\)")
    one_error(run(base + ["--memory", "256", "--replay", rec], stdin=b""), "other options",
              r"starts from another machine")
    one_error(run(["run", "--load-snapshot", snap, "--replay", rec], stdin=b""), "a boot's record on a snapshot",
              r"starts from another machine \(a boot\)")
    one_error(run(base + ["--replay", os.path.join(tmp, "none.rec")], stdin=b""), "a missing record",
              r"none\.rec: no such file")
    one_error(run(["run", "--kernel", guest, "--record", os.path.join(tmp, "x.rec")], stdin=b""),
              "a threaded run", r"need a --deterministic machine")
    one_error(run(base + ["--record", rec, "--replay", rec], stdin=b""), "both", r"one at a time")

passed("a recorded run replays byte for byte into the same state; bad records are one error each")
