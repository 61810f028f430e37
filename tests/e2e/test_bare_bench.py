"""The bare-metal benchmark guests (guests/bare-bench) compute the right thing: a short run of each
on microvm prints the checksum that the same C code, built for the host, computes for the same
number of rounds (and the score line a benchmark script reads). Speed is not checked here."""
import os
import re

from harness import BUILD, fail, passed, run

# name: rounds of the _short build (guests/CMakeLists.txt)
PROGRAMS = {"coremark_like": 20, "dhrystone_like": 2000}
LINE = re.compile(r"^([a-z-]+): iterations (\d+) ticks (\d+) score (\d+)\.(\d{3}) checksum (0x[0-9a-f]{8})$", re.M)

for name, rounds in PROGRAMS.items():
    elf = os.path.join(BUILD, "guests", "bare-bench", f"{name}_short.elf")
    reference = os.path.join(BUILD, "tests", f"bare_bench_reference_{name}")
    for path in (elf, reference):
        if not os.path.exists(path):
            fail(f"missing {path}; build the guest_bare_bench and bare_bench_reference_{name} targets")
    host = run([str(rounds)], binary=reference, timeout=60)
    expected = re.search(r"checksum (0x[0-9a-f]{8})", host.stdout)
    if host.returncode != 0 or not expected:
        fail(f"the host reference for {name} did not print a checksum", host)
    guest = run(["run", "--kernel", elf, "--timeout-secs", "60"], timeout=90)
    if guest.returncode != 0:
        fail(f"{name} did not power off cleanly", guest)
    match = LINE.search(guest.stdout)
    if not match:
        fail(f"{name} printed no score line", guest)
    label, iterations, checksum = match.group(1), int(match.group(2)), match.group(6)
    if label != name.replace("_", "-") or iterations != rounds:
        fail(f"{name} reported {label!r} with {iterations} rounds, expected {rounds}", guest)
    if checksum != expected.group(1):
        fail(f"{name}: microvm computed checksum {checksum}, the host computed {expected.group(1)}", guest)
    # The same C code must give the same checksum whatever the round count: a different count
    # gives a different value (the checksum depends on every round).
    other = run([str(rounds + 1)], binary=reference, timeout=60)
    if expected.group(1) in other.stdout:
        fail(f"{name}: the checksum does not change with the round count")
passed(f"bare-metal benchmark guests: {', '.join(PROGRAMS)} print the host's checksums")
