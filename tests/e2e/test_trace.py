"""--trace: one line per instruction (hart, mode, pc, symbol, bits, disassembly), its filters, and
the errors for bad filter values. The guest is guests/debug/count.S: a loop of ten, then power-off."""
import os
import re
import tempfile

from harness import run, fail, passed, BUILD

COUNT = os.path.join(BUILD, "guests", "debug", "count.elf")
FAULT = os.path.join(BUILD, "guests", "debug", "fault.elf")
LINE = re.compile(r"^(\d+) ([MSU]) ([0-9a-f]{16})(?: <([^>]*)>)?: ([0-9a-f]{4,8}) +(.*?)(?:  # (.*))?$")


def trace_lines(text):
    return [m for m in (LINE.match(line) for line in text.splitlines()) if m]


# The whole run: the reset ROM's 6 instructions at 0x1000, then the guest's 26.
r = run(["run", "--kernel", COUNT, "--trace", "--timeout-secs", "30"])
lines = trace_lines(r.stderr)
if r.returncode != 0 or len(lines) != 32:
    fail(f"expected 32 traced instructions (6 in the reset ROM, 26 in count.S), got {len(lines)}", r)
if lines[0].group(3) != "0000000000001000" or lines[0].group(6) != "auipc t0,0x0":
    fail(f"the first line should be the reset ROM's auipc at 0x1000, got {lines[0].group(0)!r}", r)
guest = [m for m in lines if int(m.group(3), 16) >= 0x80000000]
first = guest[0]
if (first.group(1), first.group(2), first.group(3), first.group(4), first.group(5), first.group(6)) != (
        "0", "M", "0000000080000000", "_start", "00000513", "li a0,0"):
    fail(f"the first guest line should be hart 0, M-mode, 0x80000000 <_start>: 00000513 li a0,0; got {first.group(0)!r}", r)
loop_lines = [m for m in guest if m.group(4) == "loop"]
# objdump 2.40 prints addi with a non-zero immediate as "add" too; the trace says what it says.
if len(loop_lines) != 10 or loop_lines[0].group(6) != "add a0,a0,1":
    fail(f"the loop's addi should run 10 times as 'add a0,a0,1' at <loop>; got {[m.group(0) for m in loop_lines]}", r)
branches = [m for m in guest if m.group(4) == "loop+0x4"]
if len(branches) != 10 or not branches[0].group(6).startswith("bne a0,a1,80000008 <loop>"):
    fail(f"the branch should read 'bne a0,a1,80000008 <loop>'; got {[m.group(6) for m in branches[:1]]}", r)
if guest[-1].group(4) != "done+0xc" or not guest[-1].group(6).startswith("sw t1,0(t0)"):
    fail(f"the last traced instruction should be the power-off store at <done+0x8>, got {guest[-1].group(0)!r}", r)

# Filters: a range by symbol, a count, register and memory writes, a file.
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "trace.txt")
    r = run(["run", "--kernel", COUNT, "--trace-file", out, "--trace-range", "loop", "--trace-count", "5",
             "--trace-writes", "--timeout-secs", "30"])
    with open(out) as f:
        lines = trace_lines(f.read())
    if r.returncode != 0 or len(lines) != 5:
        fail(f"--trace-range loop --trace-count 5 should give 5 lines in the file, got {len(lines)}", r)
    if [m.group(4) for m in lines] != ["loop", "loop+0x4", "loop", "loop+0x4", "loop"]:
        fail(f"--trace-range loop should keep only the loop's two instructions, got {[m.group(4) for m in lines]}")
    if lines[0].group(7) != "a0=0x1" or lines[2].group(7) != "a0=0x2" or lines[1].group(7) is not None:
        fail(f"--trace-writes should show a0=0x1, then a0=0x2 (and nothing for bne): {[m.group(0) for m in lines]}")
    r = run(["run", "--kernel", COUNT, "--trace", "--trace-range", "done-0x80000020", "--trace-writes",
             "--timeout-secs", "30"])
    lines = trace_lines(r.stderr)
    if [m.group(7) for m in lines] != ["t0=0x100000", "t1=0x5000", "t1=0x5555", "mem[0x100000]=0x5555"]:
        fail(f"--trace-range done-0x80000020 should show the four power-off instructions and their writes", r)

# Privilege filter: nothing of this M-mode guest runs in U-mode.
r = run(["run", "--kernel", COUNT, "--trace", "--trace-priv", "u", "--timeout-secs", "30"])
if r.returncode != 0 or trace_lines(r.stderr):
    fail("--trace-priv u should trace nothing of an M-mode guest", r)

# Traps are lines of their own: the fault guest's load from nowhere.
r = run(["run", "--kernel", FAULT, "--trace", "--trace-count", "12", "--on-fault", "ignore", "--timeout-secs", "30"])
if not re.search(r"^0 trap at 0000000080000008: cause 5 \(load access fault\) tval=0x1000008 -> M-mode 0000000000000000$",
                 r.stderr, re.M):
    fail("the fault guest's load should appear as a trap line (cause 5, tval 0x1000008, to M-mode at 0)", r)

# Mistakes: one clear message and a non-zero status each.
for args, message in [
    (["--trace", "--trace-range", "nosuchsymbol"], "--trace-range: no symbol called 'nosuchsymbol'"),
    (["--trace", "--trace-range", "0x2000-0x1000"], "--trace-range: 0x2000-0x1000 ends before it starts"),
    (["--trace", "--trace-priv", "h"], "--trace-priv: 'h' is not a privilege level"),
    (["--trace", "--trace-harts", "3"], "--trace-harts: there is no hart 3"),
    (["--trace", "--trace-count", "ten"], "--trace-count: 'ten' is not a number"),
    (["--trace-count", "5"], "the --trace-* options need --trace"),
    (["--trace-file", "/nonexistent/dir/t.txt"], "--trace-file: cannot write /nonexistent/dir/t.txt"),
]:
    r = run(["run", "--kernel", COUNT, "--timeout-secs", "30"] + args)
    if r.returncode == 0 or message not in r.stderr:
        fail(f"{' '.join(args)} should fail with '{message}'", r)
passed("trace")
