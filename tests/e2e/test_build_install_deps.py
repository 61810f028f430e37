"""`microvm build --install-deps` with the real apt-get (e2e.playground uses a fake one). It is safe
where it runs: as root, with the packages already installed (CI: Debian 12), asking apt-get to
install them again is a real call that changes nothing. The build's PATH hides one cross tool, so
microvm finds it missing, names its package to apt-get, runs apt-get, and looks again."""
import os
import subprocess
import sys

from harness import MICROVM, Result, expect_exit, expect_regex, fail, passed, temp_dir

if os.geteuid() != 0:
    print("SKIP: apt-get install needs root (CI runs as root; microvm would call sudo here)")
    sys.exit(77)

PACKAGES = ["make", "gcc-riscv64-unknown-elf"]  # what the c kit's tools come from
HIDDEN = "riscv64-unknown-elf-gcc"
status = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Status}\\n"] + PACKAGES, capture_output=True, text=True)
if any(f"{p} install ok installed" not in status.stdout for p in PACKAGES):
    # Installing them would download: not this test's business (scripts/setup.sh installs them).
    fail(f"the packages {PACKAGES} are not installed:\n{status.stdout}{status.stderr}")

MICROVM_ABS = os.path.abspath(MICROVM)
tmp = temp_dir("microvm-install-deps-")


def microvm(args, env=None):
    proc = subprocess.run([MICROVM_ABS] + args, cwd=tmp, capture_output=True, timeout=600, env=env,
                          stdin=subprocess.DEVNULL)
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


project = os.path.join(tmp, "c")
expect_exit(microvm(["init", project, "--template", "c"]), 0)

# A PATH with every program of the usual one, but the cross compiler.
bin_dir = os.path.join(tmp, "bin")
os.mkdir(bin_dir)
for folder in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep):
    if not os.path.isdir(folder):
        continue
    for name in os.listdir(folder):
        link = os.path.join(bin_dir, name)
        if name != HIDDEN and not os.path.lexists(link):
            os.symlink(os.path.join(folder, name), link)
hidden_env = dict(os.environ, PATH=bin_dir)

r = microvm(["build", project], env=hidden_env)
expect_exit(r, 1)
expect_regex(r, rf"the build needs {HIDDEN}, which is not installed: sudo apt-get install gcc-riscv64-unknown-elf "
                r"\(or microvm build --install-deps\)$", "stderr")

# As root microvm calls apt-get itself (no sudo), for the hidden tool's package only.
r = microvm(["build", "--install-deps", project], env=hidden_env)
expect_exit(r, 1)
expect_regex(r, r"^microvm: installing: gcc-riscv64-unknown-elf$", "stderr")
expect_regex(r, r"^gcc-riscv64-unknown-elf is already the newest version", "stderr")  # apt-get's own words
expect_regex(r, rf"^microvm: error: apt-get says the packages are installed, but the build still cannot find "
                rf"{HIDDEN} \(PATH is {bin_dir}\)$", "stderr")

# With the tool in sight, --install-deps has nothing to install and the build goes on.
r = microvm(["build", "--install-deps", project])
expect_exit(r, 0)
if "installing" in r.stderr:
    fail("--install-deps called apt-get with every tool present", r)
expect_regex(r, r"^microvm: built c/kernel\.elf$")

passed("microvm build --install-deps with the real apt-get")
