"""--profile: a flat profile by function at exit. The guest (guests/debug/hot.c) spends about 95%
of its instructions in hot_loop() and most of the rest in warm()."""
import os
import re
import tempfile

from harness import run, fail, passed, BUILD

HOT = os.path.join(BUILD, "guests", "debug", "hot.elf")
ROW = re.compile(r"^\s+(\d+\.\d\d)\s+(\d+)\s+(\S+)$", re.M)

with tempfile.TemporaryDirectory() as tmp:
    table = os.path.join(tmp, "profile.tsv")
    r = run(["run", "--kernel", HOT, "--profile", "--profile-top", "3", "--profile-file", table,
             "--timeout-secs", "60"])
    if r.returncode != 0 or "hot df9b210a600c7fc1 warm efc004b8e2a75772" not in r.stdout:
        fail("the profiled guest should run to its end and print its result", r)
    header = re.search(r"^profile: hart 0: (\d+) instructions \(M 100\.0%, S 0\.0%, U 0\.0%\)$", r.stderr, re.M)
    rows = ROW.findall(r.stderr)
    if not header or len(rows) != 3:
        fail("--profile-top 3 should print the hart's total and three functions", r)
    total = int(header.group(1))
    if rows[0][2] != "hot_loop" or rows[1][2] != "warm" or float(rows[0][0]) < 90.0:
        fail(f"hot_loop should be first with more than 90% and warm second: {rows}", r)
    # hot_loop's loop is 2000000 iterations of 4 instructions (mul, add, addi, bne); blocks of
    # 1024 that start in the caller and run into it count for the caller, hence the margin.
    if not 7_900_000 <= int(rows[0][1]) <= 8_100_000:
        fail(f"hot_loop's instructions should be 8000000 give or take 1%: {rows[0]}", r)
    with open(table) as f:
        lines = f.read().splitlines()
    if lines[0] != "hart\tfunction\tinstructions\tpercent" or not lines[1].startswith("0\thot_loop\t"):
        fail(f"--profile-file should be a table with hot_loop first: {lines[:3]}")
    if sum(int(line.split("\t")[2]) for line in lines[1:]) != total:
        fail("the table's instructions should add up to the hart's total")

# --symbols: a System.map (what a Linux build leaves beside its Image) adds names; a file that is
# neither ELF nor System.map is refused.
with tempfile.TemporaryDirectory() as tmp:
    bad = os.path.join(tmp, "System.map")
    with open(bad, "w") as f:
        f.write("this is not a map\n")
    r = run(["run", "--kernel", HOT, "--profile", "--symbols", bad, "--timeout-secs", "60"])
    if r.returncode == 0 or "not an ELF file or a System.map line" not in r.stderr:
        fail("--symbols with a file that is neither ELF nor System.map should fail clearly", r)
    good = os.path.join(tmp, "good.map")
    with open(good, "w") as f:
        f.write("0000000080000100 T renamed_region\n")
    r = run(["run", "--kernel", os.path.join(BUILD, "guests", "debug", "count.elf"), "--trace", "--symbols", good,
             "--trace-range", "renamed_region", "--timeout-secs", "30"])
    if r.returncode != 0:
        fail("a System.map symbol should be usable in --trace-range", r)

# Folded stacks: stacks.c (frame pointers) runs inner() under outer() -> middle() ten times as long as
# under other(); inner() itself keeps no ra on its stack (a leaf), so its caller comes from ra.
with tempfile.TemporaryDirectory() as tmp:
    folded = os.path.join(tmp, "stacks.folded")
    r = run(["run", "--kernel", os.path.join(BUILD, "guests", "debug", "stacks.elf"), "--profile-folded", folded,
             "--timeout-secs", "60"])
    if r.returncode != 0:
        fail("--profile-folded run failed", r)
    counts = {}
    for line in open(folded).read().splitlines():
        stack, count = line.rsplit(" ", 1)
        counts[stack] = int(count)
    deep = counts.get("hart0;_start;main;outer;middle;inner", 0)
    short = counts.get("hart0;_start;main;other;inner", 0)
    if deep < 500 or not 8 <= deep / max(short, 1) <= 12:
        fail(f"the folded stacks should hold main;outer;middle;inner about ten times as often as main;other;inner "
             f"(a sample every 10,000 instructions): {counts}", r)
    if sum(counts.values()) != sum(c for k, c in counts.items() if k.startswith("hart0;")):
        fail(f"every stack should start with its hart: {counts}", r)

for args, message in [
    (["--profile-folded", "/nonexistent/dir/f.txt"], "--profile-folded: cannot write"),
    (["--profile-top", "0"], "--profile-top: expected 1 to 100000"),
    (["--profile-top", "x"], "--profile-top"),
    (["--profile-file", "/nonexistent/dir/p.tsv"], "--profile-file: cannot write"),
    (["--symbols", "/nonexistent.map"], "/nonexistent.map"),
]:
    r = run(["run", "--kernel", HOT, "--timeout-secs", "60"] + args)
    if r.returncode == 0 or message not in r.stderr:
        fail(f"{' '.join(args)} should fail with '{message}'", r)
passed("profile")
