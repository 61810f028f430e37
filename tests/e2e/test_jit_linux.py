"""Deterministic Linux boots print the same bytes with the translator on and off, on 1 and 4 harts:
the translated blocks end every turn where the interpreter's chain does, through a whole boot (the
bare-metal kernels of test_jit.py are too small to reach every way a block ends; a 128-instruction
run into code the translator left cold once ended turns early here, and guest time drifted)."""
import subprocess

from harness import fail, passed, MICROVM
from linux_guest import linux_args

probe = subprocess.run([MICROVM, "run", "--jit", "on", "--kernel", "/nonexistent"], capture_output=True)
if b"no translator" in probe.stderr:
    print("this build has no translator")
    raise SystemExit(77)

SMOKE_END = "MICROVM-GUEST: test smoke exit=0"

for harts in (1, 4):
    base = linux_args("console=ttyS0 microvm.test=smoke", "--deterministic", "--cpus", str(harts),
                      "--timeout-secs", "120")
    outputs = {}
    for jit in ("on", "off"):
        proc = subprocess.run([MICROVM] + base[:1] + ["--jit", jit] + base[1:], capture_output=True, timeout=180)
        out = proc.stdout.decode("utf-8", "replace")
        if proc.returncode != 0 or SMOKE_END not in out:
            fail(f"{harts} harts, --jit {jit}: exit status {proc.returncode}, expected 0 and {SMOKE_END!r}:\n"
                 f"{out[-1500:]}\n{proc.stderr.decode('utf-8', 'replace')[-1500:]}")
        outputs[jit] = out
    if outputs["on"] != outputs["off"]:
        at = next(i for i, (x, y) in enumerate(zip(outputs["on"], outputs["off"])) if x != y)
        fail(f"{harts} harts: --jit on and off differ at byte {at}:\n--- on\n{outputs['on'][at - 300:at + 300]}\n"
             f"--- off\n{outputs['off'][at - 300:at + 300]}")
    print(f"{harts} harts: {len(outputs['on'])} bytes, the same with --jit on and off")
passed("deterministic Linux boots are byte-identical with the translator on and off")
