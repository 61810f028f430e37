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
if isa != ("rv64iafdc_zicbom_zicboz_zicclsm_zicntr_zicsr_zifencei_zihintntl_zihintpause_zihpm_zawrs_zfa_zfh_"
           "zfhmin_zcb_zba_zbc_zbs_zkt_sscofpmf_sstc_svinval_svnapot_svpbmt"):
    fail(f"riscv,isa with zbb, m and zicond off: {isa}", r)
for gone in ("zbb", "m", "zicond"):
    if gone in extensions:
        fail(f"{gone} should be gone from riscv,isa-extensions: {extensions}", r)
if "zba" not in extensions or "a" not in extensions:
    fail(f"zba and a should stay: {extensions}", r)

# Each extension --cpu turns off leaves riscv,isa and riscv,isa-extensions, with what needs it
# (f takes d, zfa, zfh and zfhmin; c takes zcb). Its instructions trapping as illegal is checked by
# the guests/cpu-off programs (isa_off.* tests).
for spec, gone in (("c=off", ["c", "zcb"]), ("f=off", ["f", "d", "zfa", "zfh", "zfhmin"]), ("d=off", ["d"]),
                   ("sstc=off", ["sstc"]), ("svnapot=off", ["svnapot"]), ("svpbmt=off", ["svpbmt"]),
                   ("zfh=off", ["zfh"]), ("zcb=off", ["zcb"]), ("zawrs=off", ["zawrs"]), ("zfa=off", ["zfa"]),
                   ("zihintntl=off", ["zihintntl"])):
    r = run(["dts", "--cpu", "rv64," + spec])
    expect_exit(r, 0)
    isa, extensions = isa_of(r)
    names = isa[4:].split("_")
    letters, multi = names[0], names[1:]
    for name in gone:
        if name in extensions or (name in letters if len(name) == 1 else name in multi):
            fail(f"--cpu rv64,{spec}: {name} should be gone: {isa} {extensions}", r)
    if "zba" not in extensions or "i" not in extensions:
        fail(f"--cpu rv64,{spec}: the others should stay: {extensions}", r)

# The same machine still boots a kernel that uses neither.
r = run(["run", "--example", "minimal-kernel", "--cpu", "rv64,zbb=off", "--timeout-secs", "20"])
expect_exit(r, 0)

for spec, message in (("rv64,zbq=off", "unknown extension 'zbq'"),
                      ("rv64,zicsr=off", "zicsr cannot be turned off"),
                      ("rv64,f=off,zfh=on", "zfh needs zfhmin, which is off"),
                      ("rv32,zbb=off", "must start with rv64"),
                      ("rv64,zbb", "should be name=on or name=off")):
    r = run(["run", "--example", "minimal-kernel", "--cpu", spec])
    if r.returncode == 0 or message not in r.stderr or len(r.stderr.strip().splitlines()) != 1:
        fail(f"--cpu {spec} should fail in one line saying {message!r}", r)
passed("cpu option")
