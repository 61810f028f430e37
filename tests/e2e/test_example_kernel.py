"""The built-in example kernel boots and prints what the README shows, then powers off."""
from harness import run, expect_exit, expect_lines, expect_regex, passed

r = run(["run", "--example", "minimal-kernel", "--timeout-secs", "60"])
expect_exit(r, 0)
expect_lines(r, [
    "Hello from my OS!",
    "[mm] heap: 0x80006000 - 0x80800000 (2042 pages)",
    "[mm] enabling Sv39 paging, satp=0x8000000000080006",
    "[sched] created task 1: 'Task A'",
    "[sched] created task 2: 'Task B'",
    "[sched] created task 3: 'Task C'",
    "[kernel] starting scheduler...",
    "[Task A] Hello! tick=0, pid=1, iteration=0",
    "[Task B] World! tick=1, pid=2, iteration=0",
    "[Task C] Written via syscall!",
])
for task, word, pid in (("A", "Hello!", 1), ("B", "World!", 2)):
    for i in range(3):
        expect_regex(r, rf"^\[Task {task}\] {word} tick=\d+, pid={pid}, iteration={i}$")
# The loop sum is exact whatever the preemption did: sum of 0..2999999.
expect_regex(r, r"^\[Task C\] sum=4499998500000, computed while the timer preempted me$")
expect_regex(r, r"^\[kernel\] all tasks exited after \d+ context switches; powering off$")
passed("example kernel")
