"""Bad snapshots and bad snapshot options: each ends in one line on stderr and exit status 1 (2 for
a malformed command line), never a crash or a machine that runs. Hundreds of corrupted copies of a
real snapshot (flipped bytes, cut short, garbage appended) go through `run --load-snapshot` and
`inspect`."""
import os
import random
import tempfile

from harness import run, expect_exit, expect_regex, fail, passed, BUILD

guest = os.path.join(BUILD, "guests", "snapshot-state", "state.elf")


def one_error(result, what):
    lines = result.stderr.strip().splitlines()
    if result.returncode != 1 or len(lines) != 1 or not lines[0].startswith("microvm: error: "):
        fail(f"{what}: expected exit status 1 and one error line", result)
    if result.stdout:
        fail(f"{what}: the guest ran", result)
    return lines[0]


with tempfile.TemporaryDirectory() as tmp:
    snap = os.path.join(tmp, "good.snap")
    saved = run(["run", "--deterministic", "--kernel", guest, "--save-snapshot", snap, "--save-snapshot-at",
                 "15000000"], stdin=b"abcdefgh")
    expect_exit(saved, 0)
    with open(snap, "rb") as f:
        good = f.read()
    bad = os.path.join(tmp, "bad.snap")

    def try_bytes(data, what):
        with open(bad, "wb") as f:
            f.write(data)
        line = one_error(run(["run", "--load-snapshot", bad, "--timeout-secs", "30"]), what)
        one_error(run(["inspect", bad]), what + " (inspect)")
        return line

    line = try_bytes(good[:len(good) // 2], "cut in half")
    if "not a usable snapshot: the file is truncated" not in line:
        fail(f"cut in half: {line}")
    future = bytearray(good)
    future[8] = 3
    line = try_bytes(bytes(future), "version 3")
    if not line.endswith("it has format version 3, and this microvm reads version 2 only"):
        fail(f"version 3: {line}")
    line = try_bytes(b"#!/bin/sh\necho not a snapshot\n", "a script")
    if not line.endswith("it is not a microvm snapshot (no magic number)"):
        fail(f"a script: {line}")

    rng = random.Random(7)
    for round in range(200):
        data = bytearray(good)
        kind = round % 3
        if kind == 0:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif kind == 1:
            del data[rng.randrange(len(data)):]
        else:
            data += bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        with open(bad, "wb") as f:
            f.write(data)
        one_error(run(["run", "--load-snapshot", bad, "--timeout-secs", "30"]), f"corruption {round}")
        if round % 10 == 0:
            one_error(run(["inspect", bad]), f"corruption {round} (inspect)")

    # Options that describe another machine, or make no sense together.
    line = one_error(run(["run", "--load-snapshot", snap, "--kernel", guest, "--memory", "256"]), "--kernel")
    if "leave out --kernel, --memory" not in line:
        fail(f"--load-snapshot with --kernel: {line}")
    line = one_error(run(["run", "--kernel", guest, "--save-snapshot-at", "100"]), "--save-snapshot-at alone")
    if "--save-snapshot-at needs --save-snapshot FILE" not in line:
        fail(line)
    one_error(run(["run", "--load-snapshot", os.path.join(tmp, "missing.snap")]), "a missing file")
    line = one_error(run(["run", "--load-snapshot", snap, "--net", "user"]), "--net without a card")
    if "has no network card" not in line:
        fail(line)
    # The good snapshot still restores after all that.
    restored = run(["run", "--load-snapshot", snap, "--timeout-secs", "60"])
    expect_exit(restored, 0)
    expect_regex(restored, r"^state: timer fired$")
passed("bad snapshots and options end in one clear error")
