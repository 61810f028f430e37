"""--deterministic: two runs of the same guest print the same bytes, even where the output depends
on timer interrupts (the example kernel's tick numbers) or on how harts interleave."""
import os

from harness import run, expect_exit, fail, passed, BUILD

def twice(args):
    first, second = run(args), run(args)
    expect_exit(first, 0)
    expect_exit(second, 0)
    if first.stdout != second.stdout:
        fail(f"{args}: two deterministic runs differ", second)
    return first

r = twice(["run", "--deterministic", "--example", "minimal-kernel", "--timeout-secs", "60"])
if "[kernel] all tasks exited after" not in r.stdout:
    fail("the example kernel did not finish", r)
# The timer preempted Task C at least once, or the tick numbers would not be interesting: Task C
# never yields, so another task printing between its two lines shows the timer took the CPU away.
lines = r.stdout.splitlines()
start = next((i for i, l in enumerate(lines) if l.startswith("[Task C] Written via syscall!")), None)
end = next((i for i, l in enumerate(lines) if l.startswith("[Task C] sum=")), None)
if start is None or end is None or end < start:
    fail("Task C did not print its two lines", r)
if not any(l.startswith(("[Task A]", "[Task B]")) for l in lines[start + 1:end]):
    fail("no other task ran while Task C computed: the timer never preempted it", r)

# Four harts hammering shared counters: the same interleaving every time, and still correct.
smp = os.path.join(BUILD, "guests", "smp", "smp_test_4.elf")
twice(["run", "--deterministic", "--cpus", "4", "--kernel", smp, "--timeout-secs", "120"])
passed("deterministic")
