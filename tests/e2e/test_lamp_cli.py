"""The lampvm command line is the original's (messages, exit statuses, ./disk.img); `microvm lamp`
reports user mistakes in one line and never creates a file it was not asked for; both run the
selftests."""
import os
import tempfile

from harness import run, fail, passed, expect_exit, BUILD

LAMPVM = os.path.join(BUILD, "lampvm")
HELLO = os.path.join(BUILD, "guests", "lamp", "hello.bin")
USAGE = "Usage: {} [--bin <file>] [--smp <cores>] [--selftest]\nDefaults: --bin boot.bin --smp 1\n".format(LAMPVM)
SELFTESTS = ["startap_cpuid", "ipi", "relctrl", "zero_branch_flags", "callr_unused_fields", "atomic_conformance",
             "div0_interrupt_conformance", "load16_signext_conformance", "indexed_rw_width_conformance",
             "relcond_extended_conformance", "inti_imm_conformance"]
SELFTEST_OUTPUT = "".join(f"[selftest] {name}: PASS\n" for name in SELFTESTS)


def lampvm(args, cwd):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return run(args, binary=LAMPVM)
    finally:
        os.chdir(old)


with tempfile.TemporaryDirectory() as tmp:
    r = lampvm(["--help"], tmp)
    if r.returncode != 0 or r.stdout != USAGE:
        fail("--help prints the usage and exits 0", r)
    r = lampvm(["-h"], tmp)
    expect_exit(r, 0)
    for bad in ["0", "65", "abc", "1x", "+1", " 1", "-1", "", "100", "0x10"]:
        r = lampvm(["--smp", bad], tmp)
        if r.returncode != 1 or r.stderr != "Invalid --smp value. Expected integer in [1, 64].\n" + USAGE:
            fail(f"--smp {bad!r} must be rejected", r)
    r = lampvm(["--smp"], tmp)
    if r.returncode != 1 or not r.stderr.startswith("Invalid --smp value."):
        fail("--smp without a value", r)
    r = lampvm(["--frobnicate"], tmp)
    if r.returncode != 1 or r.stderr != "Unknown argument: --frobnicate\n" + USAGE:
        fail("unknown argument", r)
    r = lampvm(["--bin"], tmp)
    if r.returncode != 1 or r.stderr != USAGE:
        fail("--bin without a value prints the usage", r)
    r = lampvm([], tmp)  # default boot.bin, missing
    if r.returncode != 1 or r.stderr != "fopen: No such file or directory\nFailed to load program from boot.bin\n":
        fail("missing boot.bin", r)
    if os.listdir(tmp):
        fail(f"nothing may be created before a VM exists: {os.listdir(tmp)}")

    # A run creates ./disk.img like the original (sparse, 512 MiB) and reports it once.
    r = lampvm(["--bin", HELLO, "--smp", "2"], tmp)
    expect_exit(r, 0)
    lines = r.stdout.splitlines()
    if "[Disk] Creating new image: ./disk.img" not in lines or "Hello from Polaris!" not in lines:
        fail("lampvm run", r)
    if lines[-1] != "Execution complete in 107 cycles." or "SMP mode enabled: 2 cores" not in r.stdout:
        fail("lampvm final line", r)
    if os.path.getsize(os.path.join(tmp, "disk.img")) != 512 << 20:
        fail("disk.img size")
    r = lampvm(["--selftest"], tmp)
    if r.returncode != 0 or r.stdout != SELFTEST_OUTPUT or "Creating new image" in r.stdout:
        fail("lampvm --selftest with an existing disk.img", r)

with tempfile.TemporaryDirectory() as tmp:
    r = lampvm(["--selftest"], tmp)
    if r.returncode != 0 or r.stdout != "[Disk] Creating new image: ./disk.img\n" + SELFTEST_OUTPUT:
        fail("lampvm --selftest in an empty directory", r)

with tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)
    r = run(["lamp", "--selftest"])
    if r.returncode != 0 or r.stdout != SELFTEST_OUTPUT:
        fail("microvm lamp --selftest", r)
    r = run(["lamp", "--bin", HELLO, "--headless", "--smp", "064"])
    expect_exit(r, 0)

    def one_line_error(args, needle):
        r = run(args)
        lines = [line for line in r.stderr.splitlines() if line.strip()]
        if r.returncode == 0 or len(lines) != 1 or needle not in lines[0]:
            fail(f"{args}: expected one error line with {needle!r}", r)

    one_line_error(["lamp", "--bin", HELLO, "--smp", "65"], "Invalid --smp value. Expected integer in [1, 64].")
    one_line_error(["lamp", "--bin", HELLO, "--smp", "two"], "Invalid --smp value")
    one_line_error(["lamp"], "give --bin FILE")
    one_line_error(["lamp", "--bin", HELLO, "--jit", "maybe"], "--jit maybe: give on or off")
    one_line_error(["lamp", "--bin", HELLO, "--disk", "nope.img"], "cannot open disk image nope.img")
    one_line_error(["lamp", "--bin", HELLO, "--headless", "--screenshot", "/nonexistent/x.png"],
                   "cannot write screenshot /nonexistent/x.png")
    if os.listdir(tmp):
        fail(f"microvm lamp created files: {os.listdir(tmp)}")
passed("lamp cli")
