"""A full host disk for what microvm writes (a trace, a snapshot, a profile, a recording, a screenshot)
gives one clear message; a trace that cannot be written stops, and the run goes on to its end.
/dev/full fails every write with ENOSPC, as a full file system does; a snapshot written there must
neither claim success nor replace the device with a file."""
import os
import stat

from harness import expect_exit, fail, passed, run

# The built-in example kernel prints its tasks' lines until --max-insns stops it (exit 125).
BASE = ["run", "--example", "minimal-kernel", "--max-insns", "3000000"]
FULL = "/dev/full"


def expect_clear_error(result, words):
    lines = [line for line in result.stderr.splitlines() if words in line]
    if len(lines) != 1:
        fail(f"expected one message containing {words!r}", result)
    if "terminate called" in result.stderr or "Traceback" in result.stderr:
        fail("the process crashed", result)


def main():
    if not os.path.exists(FULL) or not stat.S_ISCHR(os.stat(FULL).st_mode):
        fail(f"{FULL} is not the full device on this host")

    # The trace: one message, then the guest runs on to the instruction limit exactly as it does
    # untraced (deterministic runs, so the console output must be the same to the byte).
    plain = run(BASE + ["--deterministic"])
    expect_exit(plain, 125)
    r = run(BASE + ["--deterministic", "--trace-file", FULL])
    expect_exit(r, 125)
    expect_clear_error(r, "the trace stops here, the run goes on: cannot write it: No space left on device")
    if r.stdout != plain.stdout or "[Task B] World!" not in r.stdout:
        fail("the run did not go on as it does untraced after the trace failed", r)

    # The snapshot: an error and a failing exit, and the device is still a device.
    r = run(BASE + ["--save-snapshot", FULL])
    if r.returncode in (0, 125):
        fail("saving a snapshot to a full disk did not fail", r)
    expect_clear_error(r, f"{FULL}: cannot write the snapshot: No space left on device")
    if "saved a snapshot" in r.stderr:
        fail("claimed to have saved a snapshot it could not write", r)
    if not stat.S_ISCHR(os.stat(FULL).st_mode):
        fail(f"saving a snapshot replaced {FULL} with a file")

    # The profile table at exit.
    r = run(BASE + ["--profile-file", FULL])
    if r.returncode in (0, 125):
        fail("writing the profile to a full disk did not fail", r)
    expect_clear_error(r, f"--profile-file: cannot write {FULL}: No space left on device")

    # The screenshot at exit.
    r = run(BASE + ["--screenshot", FULL])
    if r.returncode in (0, 125):
        fail("writing a screenshot to a full disk did not fail", r)
    expect_clear_error(r, f"cannot write screenshot {FULL}")

    # The input recording of a deterministic run.
    r = run(BASE + ["--deterministic", "--record", FULL], stdin=b"")
    if r.returncode in (0, 125):
        fail("recording to a full disk did not fail", r)
    if "terminate called" in r.stderr or FULL not in r.stderr:
        fail("recording to a full disk gave no clear message", r)
    passed("full_disk")


if __name__ == "__main__":
    main()
