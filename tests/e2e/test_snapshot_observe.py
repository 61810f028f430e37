"""--trace and --profile on a restored machine: count.S (6 reset-ROM instructions, then 26 of its
own) saved after 7 instructions and restored with --trace, --profile and --symbols prints exactly
the last 25 lines of the whole run's trace, symbols included, and a profile of 25 instructions under its symbols;
--trace-from counts from the hart's own instruction count, which the snapshot carries."""
import os
import tempfile

from harness import run, fail, passed, BUILD, expect_exit

COUNT = os.path.join(BUILD, "guests", "debug", "count.elf")


def trace(text):
    return [line for line in text.splitlines() if line.startswith("0 M ")]


whole = run(["run", "--kernel", COUNT, "--trace", "--timeout-secs", "30"])
expect_exit(whole, 0)
full = trace(whole.stderr)
if len(full) != 32:
    fail(f"the whole run should trace 32 instructions, got {len(full)}", whole)

with tempfile.TemporaryDirectory() as tmp:
    snap = os.path.join(tmp, "count.snap")
    saved = run(["run", "--kernel", COUNT, "--save-snapshot", snap, "--save-snapshot-at", "7"])
    expect_exit(saved, 0)
    table = os.path.join(tmp, "profile.tsv")
    restored = run(["run", "--load-snapshot", snap, "--trace", "--symbols", COUNT, "--profile-file", table])
    expect_exit(restored, 0)
    if trace(restored.stderr) != full[7:]:
        fail("the restored run's trace is not the whole run's from instruction 8:\n" +
             "\n".join(trace(restored.stderr)[:5]) + "\nvs\n" + "\n".join(full[7:12]), restored)
    if "profile: hart 0: 25 instructions" not in restored.stderr:
        fail("the restored run's profile should count 25 instructions", restored)
    rows = [line.split("\t") for line in open(table).read().splitlines()[1:]]
    counted = {row[1]: int(row[2]) for row in rows}
    # The profile counts a run of instructions at the function it started in: here _start's li a1.
    if sum(counted.values()) != 25 or "_start" not in counted:
        fail(f"the profile table should hold 25 instructions under count.S's symbols: {counted}", restored)

    # --trace-from 30 starts once the hart has retired 30 instructions, counted from boot: the
    # last two, as in a booted run.
    late = run(["run", "--load-snapshot", snap, "--trace", "--trace-from", "30"])
    expect_exit(late, 0)
    pcs = [line.split()[2].rstrip(":") for line in trace(late.stderr)]
    if pcs != [line.split()[2] for line in full[30:]]:
        fail(f"--trace-from 30 on the restored run should trace the last two instructions: {trace(late.stderr)}",
             late)
passed("a restored machine traces and profiles the rest of the run exactly")
