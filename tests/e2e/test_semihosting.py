"""RISC-V semihosting: a picolibc program built with --oslib=semihost prints through semihosting and
exits with main's return value, exactly as under `qemu-system-riscv64 -M virt -bios none
-semihosting`; files are reachable only below --semihosting-root (no `..`, absolute path or symlink
out of it, no host commands); without --semihosting the call's ebreak is a breakpoint, as on QEMU,
and microvm says why the guest stopped making progress."""
import os
import shutil
import subprocess
import tempfile

from harness import BUILD, run, fail, passed, expect_exit, expect_lines, expect_regex

HELLO = os.path.join(BUILD, "guests", "semihosting", "hello.elf")
FILES = os.path.join(BUILD, "guests", "semihosting", "files.elf")
QEMU = shutil.which("qemu-system-riscv64")

HELLO_LINES = [
    "hello, semihosting: 42 via printf",
    "puts works",
    "stderr works",
    "SYS_WRITE0 works",
    "C",
    "SYS_WRITE on :tt works",
    "bytes not written: 0",
    "close 0",
    "features: exit-extended 1, stdout-stderr 1",
    "time after 2020: yes",
    "tick frequency set: yes",
    "elapsed moves: yes, clock ok: yes",
    "open of a missing file: -1, errno 2",
    "iserror(-1) 1, iserror(0) 0",
    "argc 3: program-name hello.elf one",
]

with tempfile.TemporaryDirectory() as tmp:
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    # hello: console, clocks, errno, command line, exit status 7; the same on QEMU.
    r = run(["run", "--kernel", HELLO, "--semihosting-root", empty, "--append", "one", "--timeout-secs", "60"])
    expect_exit(r, 7)
    expect_lines(r, HELLO_LINES)
    got = [l for l in r.stdout.splitlines() if l]
    if got != HELLO_LINES:
        fail(f"unexpected output lines: {got}", r)
    for args in (["--deterministic"], []):
        d = run(["run", "--kernel", HELLO, "--semihosting", "--timeout-secs", "60"] + args)
        expect_exit(d, 7)
        # Without a root there are no host files: the open fails with EACCES.
        expect_lines(d, ["hello, semihosting: 42 via printf", "open of a missing file: -1, errno 13",
                         "argc 2: program-name hello.elf"])
    if QEMU:
        q = subprocess.run([QEMU, "-M", "virt", "-bios", "none", "-semihosting", "-nographic", "-kernel", HELLO,
                            "-append", "one"], cwd=empty, stdout=subprocess.PIPE, timeout=60, stdin=subprocess.DEVNULL,
                           # QEMU 7.2 without a semihosting chardev writes SYS_WRITEC/WRITE0 to its stderr.
                           stderr=subprocess.STDOUT)
        qemu_lines = [l for l in q.stdout.decode("utf-8", "replace").replace("\r\n", "\n").splitlines() if l]
        if q.returncode != 7 or qemu_lines != HELLO_LINES:
            fail(f"QEMU differs: exit {q.returncode}, lines {qemu_lines}")
        print("hello: microvm and QEMU agree (output and exit status 7)")
    else:
        print("note: qemu-system-riscv64 not found; hello not compared with QEMU")

    # Without --semihosting: a breakpoint exception, which this program's trap handler cannot
    # report (it reports through semihosting), so it stops making progress; microvm says why.
    b = run(["run", "--kernel", HELLO, "--max-insns", "3000000", "--timeout-secs", "60"])
    expect_exit(b, 125)
    expect_regex(b, r"semihosting call at pc 0x8000[0-9a-f]+; without --semihosting it is a breakpoint", "stderr")
    if "hello" in b.stdout:
        fail("semihosting was served without --semihosting", b)

    # files: confined to the root.
    root = os.path.join(tmp, "root")
    os.makedirs(os.path.join(root, "sub"))
    with open(os.path.join(tmp, "outside.txt"), "w") as f:
        f.write("secret outside the root\n")
    with open(os.path.join(root, "data.txt"), "w") as f:
        f.write("data in the root\n")
    with open(os.path.join(root, "sub", "inner.txt"), "w") as f:
        f.write("inner file\n")
    os.symlink("../outside.txt", os.path.join(root, "escape"))
    r = run(["run", "--kernel", FILES, "--semihosting-root", root, "--timeout-secs", "60"])
    expect_exit(r, 3)
    expect_lines(r, [
        "data.txt: data in the root",
        "sub/inner.txt: inner file",
        "../outside.txt: refused, errno 18",  # EXDEV: leaves the root
        "/etc/hostname: refused, errno 18",
        "escape: refused, errno 18",
        "sub/../data.txt: data in the root",
        "flen 17, seek 0",
        'after seek: "in the", 0 not read',
        "rename 0, remove 0, remove again 1",
        "rename out of the root: 1",
        "system: 1",
        "heap below stack: yes",
    ])
    if "secret" in r.stdout:
        fail("the guest read a file outside the root", r)
    with open(os.path.join(root, "out.txt")) as f:
        if f.read() != "written by the guest\n":
            fail("out.txt does not hold what the guest wrote")
    for name in ("moved.txt", "gone.txt", "pwned"):
        if os.path.exists(os.path.join(root, name)) or os.path.exists(name):
            fail(f"{name} should not exist")
    if os.path.exists(os.path.join(tmp, "stolen.txt")):
        fail("a rename left the root")

    # The user's mistakes: one line, non-zero exit.
    e = run(["run", "--kernel", HELLO, "--semihosting-root", os.path.join(tmp, "nope")])
    expect_exit(e, 1)
    expect_regex(e, r"--semihosting-root .*nope: No such file or directory", "stderr")
    e = run(["run", "--kernel", HELLO, "--semihosting-root", os.path.join(root, "data.txt")])
    expect_exit(e, 1)
    expect_regex(e, r"--semihosting-root .*data.txt: not a directory", "stderr")

passed("semihosting: picolibc console, files below the root, exit status; as on QEMU")
