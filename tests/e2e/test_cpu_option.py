"""--cpu turns extensions off: they leave riscv,isa, riscv,isa-extensions and misa, and their
instructions trap as illegal (tests/unit/extensions_test.cpp runs them). Mistakes are one line."""
import re

from harness import run, expect_exit, fail, passed


def isa_of(r):
    isa = re.search(r'riscv,isa = "([^"]+)"', r.stdout)
    extensions = re.search(r'riscv,isa-extensions = ([^;]+);', r.stdout)
    if not isa or not extensions:
        fail("no riscv,isa or riscv,isa-extensions in the device tree", r)
    return isa.group(1), re.findall(r'"([^"]+)"', extensions.group(1))


r = run(["dts"])
expect_exit(r, 0)
isa, extensions = isa_of(r)
if "_zbb_" not in isa or "zbb" not in extensions or "m" not in extensions:
    fail(f"the default machine should have zbb and m: {isa} {extensions}", r)

r = run(["dts", "--cpu", "rv64,zbb=off,m=off,zicond=off"])
expect_exit(r, 0)
isa, extensions = isa_of(r)
if isa != ("rv64iafdc_zicbom_zicboz_zicntr_zicsr_zifencei_zihintpause_zba_zbc_zbs_sstc_svinval_svnapot_"
           "svpbmt"):
    fail(f"riscv,isa with zbb, m and zicond off: {isa}", r)
for gone in ("zbb", "m", "zicond"):
    if gone in extensions:
        fail(f"{gone} should be gone from riscv,isa-extensions: {extensions}", r)
if "zba" not in extensions or "a" not in extensions:
    fail(f"zba and a should stay: {extensions}", r)

# The same machine still boots a kernel that uses neither.
r = run(["run", "--example", "minimal-kernel", "--cpu", "rv64,zbb=off", "--timeout-secs", "20"])
expect_exit(r, 0)

for spec, message in (("rv64,zbq=off", "unknown extension 'zbq'"),
                      ("rv64,f=off", "f cannot be turned off"),
                      ("rv32,zbb=off", "must start with rv64"),
                      ("rv64,zbb", "should be name=on or name=off")):
    r = run(["run", "--example", "minimal-kernel", "--cpu", spec])
    if r.returncode == 0 or message not in r.stderr or len(r.stderr.strip().splitlines()) != 1:
        fail(f"--cpu {spec} should fail in one line saying {message!r}", r)
passed("cpu option")
