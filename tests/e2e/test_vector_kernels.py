"""Vectorised C: guests/vector-kernels, built with Debian's clang (RVV intrinsics: memcpy, strlen
with fault-only-first loads, saxpy, an in-order dot product, SHA-256's sigma0 mixing; an auto-vectorised daxpy), checks each
kernel against a scalar version on the same data and prints the instructions each took. It must
pass on microvm's interpreter, with --jit on and --jit-audit (the translator hands vector
instructions to the interpreter), and on qemu-system-riscv64 with V; on microvm, where minstret
counts instructions exactly, each vector kernel must retire fewer instructions than its scalar
version (a vector instruction does a whole strip)."""
import os
import re
import shutil
import subprocess

from harness import BUILD, MICROVM, fail, passed

ELF = os.path.join(BUILD, "guests", "vector-kernels", "vector-kernels.elf")
if not os.path.exists(ELF):
    print(f"{ELF} was not built (no clang)")
    raise SystemExit(77)
QEMU = shutil.which("qemu-system-riscv64")
if QEMU is None:
    fail("qemu-system-riscv64 is not installed (Debian package qemu-system-misc)")
KERNELS = ("memcpy", "strlen", "saxpy", "daxpy_auto", "dot", "sigma0")
LINE = re.compile(r"^(\w+) (ok|FAILED) vector_insns (\d+) scalar_insns (\d+)$", re.MULTILINE)


def check(name, command):
    proc = subprocess.run(command, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    out = proc.stdout.decode("ascii", "replace").replace("\r\n", "\n")
    if proc.returncode != 0 or "vector kernels: all ok" not in out:
        fail(f"{name}: exit status {proc.returncode}:\n{out}\n{proc.stderr.decode(errors='replace')[-2000:]}")
    found = {m[1]: (m[2], int(m[3]), int(m[4])) for m in LINE.finditer(out)}
    if sorted(found) != sorted(KERNELS) or any(status != "ok" for status, _, _ in found.values()):
        fail(f"{name}: expected {KERNELS} all ok, got:\n{out}")
    return found


counts = check("microvm", [MICROVM, "run", "--memory", "128", "--kernel", ELF])
probe = subprocess.run([MICROVM, "run", "--jit", "on", "--kernel", "/nonexistent"], capture_output=True)
jit = b"no translator" not in probe.stderr
if jit:
    if check("microvm --jit on", [MICROVM, "run", "--jit", "on", "--memory", "128", "--kernel", ELF]) != counts:
        fail("--jit on retired different instruction counts from the interpreter")
    check("microvm --jit-audit", [MICROVM, "run", "--jit", "on", "--jit-audit", "--memory", "128", "--kernel", ELF])
check("qemu", [QEMU, "-M", "virt", "-m", "128", "-bios", "none", "-nographic",
               "-cpu", "rv64,v=true,vlen=128,elen=64,vext_spec=v1.0", "-kernel", ELF])
ratios = []
for name in KERNELS:
    _, vector, scalar = counts[name]
    if not 0 < vector < scalar:
        fail(f"{name}: the vector version retired {vector} instructions, the scalar one {scalar}")
    ratios.append(f"{name} {scalar / vector:.1f}x")
passed("vectorised C agrees with scalar on microvm" + (", --jit on, --jit-audit" if jit else "") +
       " and QEMU; scalar/vector instructions retired (VLEN 128): " + ", ".join(ratios))
