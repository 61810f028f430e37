"""Lamp snapshots: a guest saved mid-run (--save-snapshot-at) and resumed (--load-snapshot) prints
exactly the rest of what an uninterrupted run prints, on 1 and on 3 cores; `inspect` describes the
file; a RISC-V snapshot given to lamp (and a lamp one to `run`), a truncated or corrupt file, and bad
option combinations each end in one error line and exit status 1."""
import os
import random
import re
import tempfile

from harness import run, fail, passed, expect_exit, BUILD

GUEST = os.path.join(BUILD, "guests", "lamp", "snapshot.bin")
RISCV_GUEST = os.path.join(BUILD, "guests", "snapshot-state", "state.elf")
HOST_LINES = ("Loaded ", "Layout:", "BSS clear:", "SMP mode enabled", "Execution complete")


def guest_output(stdout):
    return "".join(line for line in stdout.splitlines(keepends=True) if not line.startswith(HOST_LINES))


def one_error(result, what, needle):
    lines = result.stderr.strip().splitlines()
    if result.returncode != 1 or len(lines) != 1 or not lines[0].startswith("microvm: error: "):
        fail(f"{what}: expected exit status 1 and one error line", result)
    if needle not in lines[0]:
        fail(f"{what}: the error does not say {needle!r}", result)
    if "step" in result.stdout:
        fail(f"{what}: the guest ran", result)


with tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)  # never beside the sources: nothing may create files there
    full = {}
    for smp in ("1", "3"):
        r = run(["lamp", "--headless", "--bin", GUEST, "--smp", smp])
        expect_exit(r, 0)
        full[smp] = r
    expected = guest_output(full["1"].stdout)
    if not expected.startswith("mmu on\nstep 0: ") or "[divide by zero]\n" not in expected or \
            "software interrupts: 24\n" not in expected or "core " in expected:
        fail("the uninterrupted run on one core", full["1"])
    def checksum(core):  # what the guest's worker loop computes
        total = 0
        for i in range(30000):
            total = (total * 31 + (i ^ core)) & 0xFFFFFFFF
        return total
    three = expected.replace("software interrupts", f"core 1: 0x{checksum(1):08x}\ncore 2: 0x{checksum(2):08x}\n"
                             "software interrupts", 1)
    if guest_output(full["3"].stdout) != three:
        fail("the uninterrupted run on three cores", full["3"])
    cycles = int(re.search(r"Execution complete in (\d+) cycles", full["1"].stdout).group(1))

    for smp in ("1", "3"):
        snap = os.path.join(tmp, f"mid-{smp}.snap")
        at = cycles * 5 // 6  # the page tables take the first ~70%: this is half-way through the steps
        saved = run(["lamp", "--headless", "--bin", GUEST, "--smp", smp, "--save-snapshot", snap,
                     "--save-snapshot-at", str(at)])
        expect_exit(saved, 0)
        if f"--save-snapshot-at: saved a snapshot to {snap} at instruction {at} of core 0" not in saved.stderr:
            fail("the save's report", saved)
        if "Execution complete" in saved.stdout:
            fail("a run stopped for a snapshot is not complete", saved)
        before = guest_output(saved.stdout)
        restored = run(["lamp", "--headless", "--load-snapshot", snap])
        expect_exit(restored, 0)
        if f"resumed {snap} at instruction {at} of core 0" not in restored.stderr:
            fail("the restore's report", restored)
        after = guest_output(restored.stdout)
        if not before or not after or "step" not in after:
            fail(f"the snapshot on {smp} cores was not taken mid-run", restored)
        if before + after != guest_output(full[smp].stdout):
            fail(f"on {smp} cores the restored run does not print the rest of the uninterrupted run:\n"
                 f"--- before:\n{before}--- after:\n{after}")
        last = restored.stdout.splitlines()[-1]
        if smp == "1" and last != full["1"].stdout.splitlines()[-1]:
            fail("one core: the restored run counts every instruction of the uninterrupted one", restored)

        info = run(["inspect", snap])
        expect_exit(info, 0)
        for needle in [f"machine: lamp-polaris, 64 MiB RAM, {smp} core",
                       f"taken at: instruction {at} of core 0",
                       "disk: none", "devices: intc, mmu, iommu, time (timer off), ports, framebuffer"]:
            if needle not in info.stdout:
                fail(f"inspect does not say {needle!r}", info)
        if not re.search(rf"core 0: ip=0x[0-9a-f]{{8}} flags=0x[0-9a-f]{{2}}, running, {at} instructions",
                         info.stdout):
            fail("inspect: core 0", info)
        if smp == "3" and len(re.findall(r"^core [12]: ", info.stdout, re.M)) != 2:
            fail("inspect: the other cores", info)

    good_path = os.path.join(tmp, "mid-3.snap")
    with open(good_path, "rb") as f:
        good = f.read()
    bad = os.path.join(tmp, "bad.snap")

    def try_bytes(data, what, needle):
        with open(bad, "wb") as f:
            f.write(data)
        one_error(run(["lamp", "--headless", "--load-snapshot", bad]), what, needle)
        one_error(run(["inspect", bad]), what + " (inspect)", needle)

    try_bytes(good[:len(good) // 2], "cut in half", "the file is truncated")
    flipped = bytearray(good)
    flipped[len(good) // 3] ^= 0x10
    try_bytes(bytes(flipped), "a flipped bit", "fails its checksum")
    rng = random.Random(11)
    for round in range(60):
        data = bytearray(good)
        if round % 2:
            for _ in range(rng.randint(1, 6)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        else:
            del data[rng.randrange(len(data)):]
        try_bytes(bytes(data), f"corruption {round}", "not a usable snapshot")

    # Machines do not mix.
    one_error(run(["run", "--load-snapshot", good_path]), "a lamp snapshot given to run",
              "this snapshot is of a 'lamp-polaris' machine")
    riscv_snap = os.path.join(tmp, "riscv.snap")
    expect_exit(run(["run", "--deterministic", "--kernel", RISCV_GUEST, "--save-snapshot", riscv_snap,
                     "--save-snapshot-at", "100000"], stdin=b""), 0)
    one_error(run(["lamp", "--load-snapshot", riscv_snap]), "a RISC-V snapshot given to lamp",
              "this snapshot is of a 'riscv-virt' machine, not the lamp machine")

    # Option mistakes.
    one_error(run(["lamp", "--bin", GUEST, "--save-snapshot-at", "100"]), "--save-snapshot-at alone",
              "--save-snapshot-at needs --save-snapshot FILE")
    one_error(run(["lamp", "--bin", GUEST, "--save-snapshot", "x", "--save-snapshot-at", "zero"]),
              "a bad count", "give a count of 1 or more")
    one_error(run(["lamp", "--load-snapshot", good_path, "--bin", GUEST, "--smp", "2"]),
              "--load-snapshot with --bin", "leave out --bin, --smp")
    one_error(run(["lamp", "--load-snapshot", os.path.join(tmp, "missing.snap")]), "a missing file",
              "missing.snap")
    if sorted(os.listdir(tmp)) != sorted(["mid-1.snap", "mid-3.snap", "bad.snap", "riscv.snap"]):
        fail(f"unexpected files: {os.listdir(tmp)}")

passed("lamp snapshots")
