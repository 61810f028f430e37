"""Snapshots carry what a guest holds between two instructions: a snapshot taken while the guest
holds an LR reservation, has a timer armed and a hardware trigger set, and has read only half of its
UART input, once
restored, prints what the uninterrupted run prints (--deterministic: byte for byte), and
`microvm inspect` shows it."""
import os
import tempfile

from harness import run, expect_exit, expect_regex, fail, passed, BUILD

guest = os.path.join(BUILD, "guests", "snapshot-state", "state.elf")
typed = b"abcdefgh"
base = ["run", "--deterministic", "--kernel", guest, "--timeout-secs", "120"]

whole = run(base, stdin=typed)
expect_exit(whole, 0)
for line in ["state: read abc", "state: sc=0 word=42", "state: trigger fired on the store", "state: read defgh", "state: timer still ahead",
             "state: timer fired"]:
    if line not in whole.stdout:
        fail(f"the uninterrupted run lacks {line!r}", whole)

with tempfile.TemporaryDirectory() as tmp:
    snap = os.path.join(tmp, "state.snap")
    # Hart 0 is inside the 30-million-instruction loop between the LR and the SC.
    first = run(base + ["--save-snapshot", snap, "--save-snapshot-at", "15000000"], stdin=typed)
    expect_exit(first, 0)
    expect_regex(first, r"saved a snapshot to .*state\.snap at instruction 150\d\d\d\d\d of hart 0", "stderr")
    if "state: read abc" not in first.stdout or "state: sc=" in first.stdout:
        fail("the snapshot was not taken between the LR and the SC", first)

    info = run(["inspect", snap])
    expect_exit(info, 0)
    expect_regex(info, r"^machine: riscv-virt, 128 MiB RAM, 1 hart, deterministic, firmware: none")
    expect_regex(info, r"^hart 0: pc=0x8000[0-9a-f]{4} M-mode, running, 150\d{5} instructions$")
    expect_regex(info, r"^hart 0: hardware triggers programmed$")
    expect_regex(info, r"^console: 5 bytes of input not yet read by the guest$")
    expect_regex(info, r"^devices: clint, plic, uart, rtc, virtio\.6 \(virtio-console\), virtio\.7 \(virtio-rng\)$")

    # No input this time: the five unread bytes come from the snapshot.
    restored = run(["run", "--load-snapshot", snap, "--timeout-secs", "120"], stdin=b"")
    expect_exit(restored, 0)
    if first.stdout + restored.stdout != whole.stdout:
        fail(f"saved run + restored run differ from the uninterrupted run:\n{first.stdout!r}\n+ "
             f"{restored.stdout!r}\n!= {whole.stdout!r}", restored)

    # Restoring twice gives the same run again.
    again = run(["run", "--load-snapshot", snap, "--timeout-secs", "120"], stdin=b"")
    expect_exit(again, 0)
    if again.stdout != restored.stdout:
        fail("two restores of one snapshot differ", again)
passed("a snapshot keeps an LR reservation, an armed timer, a hardware trigger and unread UART input")
