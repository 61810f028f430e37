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
# The timer preempted Task C at least once, or the tick numbers would not be interesting.
if "[kernel] all tasks exited after" not in r.stdout:
    fail("the example kernel did not finish", r)

# Four harts hammering shared counters: the same interleaving every time, and still correct.
smp = os.path.join(BUILD, "guests", "smp", "smp_test_4.elf")
twice(["run", "--deterministic", "--cpus", "4", "--kernel", smp, "--timeout-secs", "120"])
passed("deterministic")
