#!/usr/bin/env python3
"""kill -9 at random moments while Linux writes and syncs files on an ext4 disk: afterwards the file
system must be consistent (journal replayed by e2fsck -fy, then e2fsck -fn clean) and every file the
guest reported synced must hold what the guest wrote. Not part of ctest (it takes minutes); run it
when the disk path changes, and put the figure in the notes:

    tests/stress/linux_kill9.py [ROUNDS, default 50] [build directory, default build/release]
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 50
if len(sys.argv) > 2:
    os.environ["MICROVM_BUILD"] = os.path.abspath(sys.argv[2])

from harness import MICROVM  # noqa: E402
from linux_guest import linux_args  # noqa: E402


def tool(name):
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


SCRIPT = ("mount -t ext4 /dev/vda /mnt && i=0 && while true; do i=$((i+1)); "
          "echo content-$i-$(seq -s, 1 $((i % 50))) > /mnt/f$i; sync; echo synced $i; done\n")

random.seed(int(os.environ.get("SEED", "20261202")))
failures, synced_total = 0, 0
for round_number in range(1, ROUNDS + 1):
    with tempfile.TemporaryDirectory() as tmp:
        image = os.path.join(tmp, "disk.img")
        subprocess.run([tool("mke2fs"), "-q", "-t", "ext4", image, "64M"], check=True, capture_output=True)
        proc = subprocess.Popen([MICROVM] + linux_args("console=ttyS0", "--disk", image, "--timeout-secs", "300"),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output = b""
        while b"shell ready" not in output:
            chunk = proc.stdout.read1(4096)
            if not chunk:
                sys.exit(f"round {round_number}: the guest ended before its shell:\n{output.decode(errors='replace')}")
            output += chunk
        proc.stdin.write(SCRIPT.encode())
        proc.stdin.flush()
        # Let it write for a random while, then kill it mid-write.
        deadline = time.time() + random.uniform(0.5, 6.0)
        while time.time() < deadline:
            output += proc.stdout.read1(4096)
        proc.kill()
        proc.wait()
        output += proc.stdout.read()
        synced = [int(line.split()[1]) for line in output.decode(errors="replace").splitlines()
                  if line.startswith("synced ") and line.split()[1].isdigit()]
        last = max(synced, default=0)
        synced_total += last
        # Replay the journal (as a mount would), then the file system must be clean.
        fix = subprocess.run([tool("e2fsck"), "-fy", image], capture_output=True, text=True)
        check = subprocess.run([tool("e2fsck"), "-fn", image], capture_output=True, text=True)
        problems = []
        if fix.returncode not in (0, 1) or check.returncode != 0:
            problems.append(f"e2fsck: -fy {fix.returncode}, -fn {check.returncode}\n{fix.stdout}{check.stdout}")
        for i in range(1, last + 1):
            expected = f"content-{i}-" + ",".join(str(n) for n in range(1, i % 50 + 1))
            got = subprocess.run([tool("debugfs"), "-R", f"cat /f{i}", image], capture_output=True, text=True)
            if got.stdout.strip() != expected:
                problems.append(f"/f{i}: {got.stdout.strip()!r}, expected {expected!r}")
                break
        status = "ok" if not problems else "FAILED: " + "; ".join(problems)
        print(f"round {round_number}: killed after {last} synced files: {status}", flush=True)
        failures += bool(problems)
print(f"{ROUNDS} rounds, {synced_total} synced files checked, {failures} failures")
sys.exit(1 if failures else 0)
