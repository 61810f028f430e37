"""Nothing a guest does may crash the host: random instruction streams (half random words, half
random operands of real opcodes) run in M-mode, in S-mode on the built-in SBI and on two harts, and
microvm must always end with one of its own exit statuses. The seed is fixed, so a failure
reproduces; the image that failed is kept for the report."""
import os
import random
import re
import shutil
import tempfile

from harness import run, fail, passed

OPCODES = [0x03, 0x07, 0x0F, 0x13, 0x17, 0x1B, 0x23, 0x27, 0x2F, 0x33, 0x37, 0x3B, 0x43, 0x47, 0x4B, 0x4F,
           0x53, 0x63, 0x67, 0x6F, 0x73]
random.seed(20261122)
ran = 0
with tempfile.TemporaryDirectory() as tmp:
    image = os.path.join(tmp, "chaos.bin")
    for n in range(48):
        words = []
        for _ in range(random.choice([16, 256, 1024, 8192])):
            if random.random() < 0.5:
                words.append(random.getrandbits(32))
            else:
                words.append((random.getrandbits(25) << 7) | random.choice(OPCODES))
        with open(image, "wb") as f:
            f.write(b"".join(w.to_bytes(4, "little") for w in words))
        args = ["run", "--kernel", image, "--max-insns", "100000", "--timeout-secs", "1"]
        args += [[], ["--cpus", "2"], ["--bios", "builtin"], ["--cpus", "3", "--deterministic"]][n % 4]
        r = run(args, timeout=60)
        # Allowed: a guest status (0..255 from sifive,test/SBI), or ours: 124 timeout, 125 limit.
        if r.returncode < 0 or r.returncode == 70 or "internal error" in r.stderr:
            kept = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"microvm-chaos-{n}.bin")
            shutil.copy(image, kept)
            fail(f"image {n} ({' '.join(args[3:])}) crashed microvm (status {r.returncode}); kept as {kept}", r)
        # The image must have run: refusing it (a user error) would pass the check above untested.
        if "microvm: error:" in r.stderr:
            fail(f"image {n} ({' '.join(args[3:])}) was refused instead of run", r)
        # Evidence that guest code executed: the limit, or the stop report's count of instructions.
        if r.returncode == 125 or re.search(r"hart 0: .*, [1-9]\d* instructions", r.stderr):
            ran += 1
    if ran < 24:
        fail(f"only {ran} of 48 images show guest instructions executed")
passed("random guests never crash the host")
