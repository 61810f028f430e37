"""`microvm test` judges kernels that pass, hang, panic, print out of order and exit with the wrong
code, sends scripted console input, expands the --cpus/repeat matrix, runs kernels in parallel, and
writes JUnit XML with the structure CI tools read."""
import os
import pty
import subprocess
import xml.etree.ElementTree as ET

from harness import BUILD, MICROVM, run, expect_exit, expect_regex, fail, passed, temp_dir

BEHAVE = os.path.abspath(os.path.join(BUILD, "guests", "spec-check", "behave.elf"))
tmp = temp_dir("microvm-test-")


def spec(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(f'kernel = "{BEHAVE}"\nbios = "none"\n' + text)
    return path


def test(mode, extra=""):
    return f"""
[[test]]
name = "{mode}"
input = [{{ after = "mode?", send = "{mode}" }}]
{extra}"""


COMMON = """name = "behave"
timeout = 20
expect = ["one", "two", "three"]
forbid = ["panic"]
"""

# One of each: only "p" passes.
all_modes = spec("all.toml", COMMON + test("p") + test("h", "timeout = 3") + test("x") + test("o") + test("e"))
junit = os.path.join(tmp, "results.xml")
r = run(["test", all_modes, "--junit", junit, "-j", "2"], timeout=120)
expect_exit(r, 1)
expect_regex(r, r"^PASS  behave / p \(")
expect_regex(r, r"^FAIL  behave / h \(.*\): timed out after 3 s: never printed 'two' after 'one' "
                r"\(expected pattern 2 of 3\)$")
expect_regex(r, r"^FAIL  behave / x \(.*\): printed the forbidden 'panic': \"panic: something broke\"$")
expect_regex(r, r"^FAIL  behave / o \(.*\): printed 'two' out of order: it came before 'one', expected after it$")
expect_regex(r, r"^FAIL  behave / e \(.*\): exit status 3, expected 0 \(microvm: guest reported failure, code 3\)$")
expect_regex(r, r"^      \| mode\?$")  # a failure shows the console's last lines
expect_regex(r, r"^5 tests, 1 passed, 4 failed \(")

# The JUnit file: testsuites > testsuite > testcase (> failure), with the attributes readers use.
root = ET.parse(junit).getroot()
if root.tag != "testsuites" or root.get("tests") != "5" or root.get("failures") != "4":
    fail(f"testsuites element: {root.tag} {root.attrib}")
suites = root.findall("testsuite")
if len(suites) != 1:
    fail(f"expected one testsuite, got {len(suites)}")
suite = suites[0]
for attribute, value in (("name", "behave"), ("tests", "5"), ("failures", "4"), ("errors", "0"), ("skipped", "0")):
    if suite.get(attribute) != value:
        fail(f"testsuite {attribute}={suite.get(attribute)!r}, expected {value!r}")
for attribute in ("time", "timestamp", "hostname"):
    if not suite.get(attribute):
        fail(f"testsuite has no {attribute}")
cases = {c.get("name"): c for c in suite.findall("testcase")}
if sorted(cases) != ["e", "h", "o", "p", "x"]:
    fail(f"testcase names: {sorted(cases)}")
expected_types = {"p": None, "h": "timeout", "x": "forbidden", "o": "output", "e": "exit"}
for name, case in cases.items():
    if case.get("classname") != "behave" or float(case.get("time")) <= 0:
        fail(f"testcase {name}: {case.attrib}")
    failures = case.findall("failure")
    if expected_types[name] is None:
        if failures:
            fail(f"testcase {name} should pass: {failures[0].get('message')}")
    elif len(failures) != 1 or failures[0].get("type") != expected_types[name] or not failures[0].get("message"):
        fail(f"testcase {name}: expected one failure of type {expected_types[name]}")
    out = case.find("system-out")
    if out is None or not out.text.startswith("mode?\n"):
        fail(f"testcase {name}: system-out should hold the console, got {out.text if out is not None else None!r}")
if "three" not in cases["p"].find("system-out").text:
    fail("system-out of p lacks the kernel's last line")

# A passing spec exits 0; input after a delay (no pattern) works too; repeat and --cpus expand.
ok = spec("ok.toml", 'name = "ok"\nexpect = ["one", "two", "three"]\nrepeat = 2\n'
          'input = [{ delay = 0.2, send = "p" }]\n')
r = run(["test", ok, "--cpus", "1,2", "--junit", junit], timeout=120)
expect_exit(r, 0)
for cpus in (1, 2):
    for i in (1, 2):
        expect_regex(r, rf"^PASS  ok / ok \[cpus={cpus}\] #{i} \(")
expect_regex(r, r"^4 tests, 4 passed, 0 failed \(")
root = ET.parse(junit).getroot()
if root.get("tests") != "4" or root.get("failures") != "0" or len(root.find("testsuite").findall("testcase")) != 4:
    fail(f"JUnit for the matrix: {root.attrib}")

# Piped output is plain lines; on a terminal a progress line at the bottom is redrawn as runs finish.
if "\x1b[K" in r.stdout or "\r" in r.stdout:
    fail("piped output carries the terminal's progress line", r)
master, slave = pty.openpty()
proc = subprocess.Popen([MICROVM, "test", ok, "--cpus", "1,2"], stdout=slave, stderr=subprocess.PIPE, close_fds=True)
os.close(slave)
screen = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:  # the other side closed
        break
    if not chunk:
        break
    screen += chunk
proc.wait(timeout=120)
text = screen.decode("utf-8", "replace")
for needle in ("\r\x1b[K[0/4] 0 failed, 1 running", "\r\x1b[K[3/4] 0 failed, 1 running\r\x1b[KPASS  ok / ok",
               "4 tests, 4 passed, 0 failed"):
    if needle not in text:
        fail(f"the terminal lacks {needle!r}: {text!r}")
if proc.returncode != 0:
    fail(f"microvm test on a terminal exited {proc.returncode}")

# --shard K/N: three machines given 1/3, 2/3 and 3/3 run each of the 4 runs exactly once.
seen = []
for k in (1, 2, 3):
    r = run(["test", ok, "--cpus", "1,2", "--shard", f"{k}/3"], timeout=120)
    expect_exit(r, 0)
    expect_regex(r, rf"^shard {k}/3: {2 if k == 1 else 1} of 4 runs$")
    seen += [line.split(" (")[0] for line in r.stdout.splitlines() if line.startswith("PASS")]
if sorted(seen) != sorted(f"PASS  ok / ok [cpus={c}] #{i}" for c in (1, 2) for i in (1, 2)):
    fail(f"shards ran {sorted(seen)}")
for bad in ("3", "0/2", "3/2", "a/b"):
    r = run(["test", ok, "--shard", bad])
    expect_exit(r, 1)
    expect_regex(r, r"^microvm: error: .*--shard", "stderr")

# stop_when_done: a kernel that never exits passes once the output is all there.
hangs = spec("hangs.toml", 'expect = ["one"]\nstop_when_done = true\ninput = [{ after = "mode?", send = "h" }]\n')
r = run(["test", hangs], timeout=60)
expect_exit(r, 0)

# Mistakes in a spec are one clear line and exit status 1.
for text, message in (
    ('expct = ["x"]\n', r"bad.toml:3: unknown key 'expct'"),
    ('cpus = 0\n', r"bad.toml:3: 'cpus' must be a whole number from 1 to 64"),
    ('expect = "one"\n', r"bad.toml:3: 'expect' must be a list of strings"),
    ('expect = ["re:(("]\n', r"bad.toml:3: 'expect': bad regular expression"),
    ('input = [{ after = "x" }]\n', r"bad.toml:3: an \[\[input\]\] needs 'send'"),
    ('timeout = [\n', r"bad.toml:\d+:\d+: "),
):
    r = run(["test", spec("bad.toml", text)])
    expect_exit(r, 1)
    expect_regex(r, r"^microvm: error: .*" + message, "stderr")
missing_kernel = os.path.join(tmp, "nokernel.toml")
with open(missing_kernel, "w") as f:
    f.write('kernel = "nothing.elf"\n')
r = run(["test", missing_kernel])
expect_exit(r, 1)
expect_regex(r, r"kernel .*nothing.elf does not exist \(build it first: microvm build\)", "stderr")
r = run(["test", os.path.join(tmp, "absent.toml")])
expect_exit(r, 1)
expect_regex(r, r"absent.toml: no such test spec", "stderr")
passed("microvm test")
