"""A newcomer's path through every starter kit: microvm init, microvm build, microvm run (inside the
project, no --kernel) and microvm test with the kit's own spec, each checked for what it prints.
Also: the how-to-start text, init's refusals, and build's advice when a cross tool is missing."""
import os
import shutil
import stat
import subprocess

from harness import MICROVM, Result, expect_exit, expect_regex, fail, passed, rust_libs, temp_dir

# The rust kit builds Rust's core library first (minutes): once per build tree, shared by its runs.
os.environ["RUST_LIBS"] = rust_libs()

MICROVM_ABS = os.path.abspath(MICROVM)
tmp = temp_dir("microvm-playground-")


def microvm(args, cwd, env=None, timeout=180):
    proc = subprocess.run([MICROVM_ABS] + args, cwd=cwd, capture_output=True, timeout=timeout,
                          env=env, stdin=subprocess.DEVNULL)
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def expect_in_order(result, lines):
    position = 0
    for line in lines:
        found = result.stdout.find(line, position)
        if found < 0:
            fail(f"missing (in order) line: {line!r}", result)
        position = found + len(line)


# What each kit's `microvm run` prints (the kit's tests/boot.toml checks more).
KITS = {
    "c": ["Hello from my OS!", "[kernel] starting scheduler...", "[Task C] Written via syscall!",
          "[Task C] sum=4499998500000, computed while the timer preempted me", "all tasks exited after"],
    "cpp": ["Hello from my C++ OS!", "[c++] global constructors ran: boot_log.constructed = 1",
            "[Task C] sum=4499998500000, computed while the timer preempted me", "all tasks exited after"],
    "lamp": ["lamp kernel: cores = 4", "[smp] every core is up; counter under the spinlock = 4000",
             "[timer] tick 3", "[kernel] done, halting"],
    "rust": ["Hello from Rust! (no_std)", "[mm] enabling Sv39 paging", "[kernel] starting scheduler...",
             "[Task C] Written via syscall!", "[Task C] sum=4499998500000, computed while the timer preempted me",
             "all tasks exited after"],
    "sbi": ["[boot] sbi-kernel: hart 0 is the boot hart", "[sbi] microvm SBI, specification 2.0",
            "[hart 3] up, started by SBI HSM", "[smp] 4 harts online", "[ipi] every hart answered",
            "[timer] tick 3 on hart 0", "[boot] 4 harts, 3 timer ticks: shutting down with SBI SRST"],
}
EXTRA_SPECS = {"sbi": ["tests/opensbi.toml"]}

# Outside a project, `microvm run` alone says how to start.
r = microvm(["run"], cwd=tmp)
expect_exit(r, 0)
for command in ("microvm init hello", "cd hello && microvm build", "microvm run "):
    if command not in r.stdout:
        fail(f"the how-to-start text lacks {command!r}", r)

for kit, lines in KITS.items():
    project = os.path.join(tmp, kit)
    r = microvm(["init", project, "--template", kit], cwd=tmp)
    expect_exit(r, 0)
    expect_regex(r, rf"^Created {project} from the '{kit}' template")
    for name in ("Makefile", "README.md", "microvm.toml", "tests/boot.toml"):
        if not os.path.exists(os.path.join(project, name)):
            fail(f"microvm init --template {kit} did not create {name}")

    r = microvm(["build"], cwd=project, timeout=1200)
    expect_exit(r, 0)
    artifact = "kernel.bin" if kit == "lamp" else "kernel.elf"
    expect_regex(r, rf"^microvm: built {artifact}$")

    r = microvm(["run", "--timeout-secs", "60"], cwd=project)
    expect_exit(r, 0)
    expect_in_order(r, lines)
    expect_regex(r, rf"^microvm: booting {artifact}$", "stderr")

    for spec in ["tests/boot.toml"] + EXTRA_SPECS.get(kit, []):
        junit = os.path.join(tmp, f"{kit}.xml")
        r = microvm(["test", spec, "--junit", junit, "-j", "2"], cwd=project)
        expect_exit(r, 0)
        expect_regex(r, r"^\d+ tests?, (\d+) passed, 0 failed")
        if "<testsuites" not in open(junit).read():
            fail(f"{kit}: no JUnit written")

# Options on the command line win over the project's [run] settings.
r = microvm(["run", "--cpus", "2", "--timeout-secs", "60"], cwd=os.path.join(tmp, "sbi"))
expect_exit(r, 0)
expect_in_order(r, ["[hart 1] up, started by SBI HSM", "[smp] 2 harts online"])

# A CMake project without a microvm.toml: build guesses the tools and finds the kernel in build/.
cmake_project = os.path.join(tmp, "cmake")
os.mkdir(cmake_project)
for name in ("start.S", "kernel.c", "kernel.ld"):
    shutil.copy(os.path.join(tmp, "c", name), cmake_project)
with open(os.path.join(cmake_project, "CMakeLists.txt"), "w") as f:
    f.write("""cmake_minimum_required(VERSION 3.20)
project(kernel NONE)
set(SRC ${CMAKE_SOURCE_DIR})
add_custom_command(OUTPUT kernel.elf
  COMMAND riscv64-unknown-elf-gcc -march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany -O2 -ffreestanding
          -nostdlib -Wl,--no-warn-rwx-segments -T ${SRC}/kernel.ld -o kernel.elf ${SRC}/start.S ${SRC}/kernel.c
  DEPENDS ${SRC}/start.S ${SRC}/kernel.c ${SRC}/kernel.ld)
add_custom_target(kernel ALL DEPENDS kernel.elf)
""")
r = microvm(["build", "cmake"], cwd=tmp)
expect_exit(r, 0)
expect_regex(r, r"^microvm: built cmake/build/kernel\.elf$")
r = microvm(["build", cmake_project], cwd=tmp, env=dict(os.environ, PATH=os.path.join(tmp, "nothing")))
expect_exit(r, 1)
expect_regex(r, r"the build needs cmake, riscv64-unknown-elf-gcc, which is not installed: sudo apt-get install "
                r"cmake gcc-riscv64-unknown-elf", "stderr")

# init refuses a folder that is not empty, unless --force; and names the kits it has.
r = microvm(["init", os.path.join(tmp, "c")], cwd=tmp)
expect_exit(r, 1)
expect_regex(r, r"c is not empty: choose a new folder, or add --force", "stderr")
r = microvm(["init", os.path.join(tmp, "c"), "--force"], cwd=tmp)
expect_exit(r, 0)
r = microvm(["init", os.path.join(tmp, "x"), "--template", "cobol"], cwd=tmp)
expect_exit(r, 1)
expect_regex(r, r"no template called 'cobol' \(there is: c, .*sbi", "stderr")

# microvm-init.sh beside the executable does the same as microvm init.
script = os.path.join(os.path.dirname(MICROVM_ABS), "microvm-init.sh")
proc = subprocess.run([script, os.path.join(tmp, "from-script"), "--template", "sbi"], capture_output=True)
if proc.returncode != 0 or not os.path.exists(os.path.join(tmp, "from-script", "sbi.h")):
    fail(f"microvm-init.sh: {proc.returncode} {proc.stderr.decode()}")

# build in a folder that is no project.
empty = os.path.join(tmp, "empty")
os.mkdir(empty)
r = microvm(["build", empty], cwd=tmp)
expect_exit(r, 1)
expect_regex(r, r"has no Makefile or CMakeLists.txt: start a project with microvm init DIR", "stderr")

# A missing cross tool: build names the Debian package, and --install-deps asks apt-get for it.
fake_bin = os.path.join(tmp, "fake-bin")
os.mkdir(fake_bin)
log = os.path.join(tmp, "apt.log")
for tool in ("apt-get", "sudo"):
    path = os.path.join(fake_bin, tool)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + ('exec "$@"\n' if tool == "sudo" else f'echo "$@" >> {log}\n'))
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
env = dict(os.environ, PATH=fake_bin)
r = microvm(["build", os.path.join(tmp, "sbi")], cwd=tmp, env=env)
expect_exit(r, 1)
expect_regex(r, r"^microvm: error: the build needs make, riscv64-unknown-elf-gcc, which is not installed: "
                r"sudo apt-get install make gcc-riscv64-unknown-elf \(or microvm build --install-deps\)$", "stderr")
r = microvm(["build", "--install-deps", os.path.join(tmp, "sbi")], cwd=tmp, env=env)
expect_exit(r, 1)  # the fake apt-get installs nothing
if open(log).read().strip() != "install -y --no-install-recommends make gcc-riscv64-unknown-elf":
    fail(f"apt-get was called with: {open(log).read()!r}")
expect_regex(r, r"apt-get says the packages are installed, but the build still cannot find make, "
                r"riscv64-unknown-elf-gcc \(PATH is .*fake-bin\)$", "stderr")

passed("playground starter kits")
