"""`microvm help TOPIC`: every topic prints, every --option it names exists in some command's
--help, every `microvm CMD` it names is a command, the machine map's addresses are the ones the
device tree gives, and an unknown topic is one clear error."""
import re

from harness import run, expect_exit, expect_regex, fail, passed

r = run(["help"])
expect_exit(r, 0)
topics = re.findall(r"^  (\w+) +\S", r.stdout, re.M)
if topics != ["machines", "boot", "devices", "debugging", "snapshots", "testing"]:
    fail(f"topics listed: {topics}", r)

top = run(["--help"])
commands = set(re.findall(r"^  ([a-z][a-z-]*) {2,}", top.stdout, re.M))
known_options = set()
for command in commands:
    h = run([command, "--help"])
    known_options |= set(re.findall(r"--[a-z][a-z-]*", h.stdout))

texts = {}
for topic in topics:
    t = run(["help", topic])
    expect_exit(t, 0)
    if len(t.stdout.splitlines()) < 8:
        fail(f"help {topic} is only {len(t.stdout.splitlines())} lines", t)
    texts[topic] = t.stdout
    for option in set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", t.stdout)):
        if option not in known_options:
            fail(f"help {topic} names {option}, which no command's --help has")
    for command in set(re.findall(r"microvm ([a-z][a-z-]+)", t.stdout)):
        if command not in commands and command != "help":
            fail(f"help {topic} names `microvm {command}`, which is not a command")

# The addresses in the machine map are where the device tree puts the devices.
dts = run(["dts", "--example", "minimal-kernel"])
expect_exit(dts, 0)
nodes = {int(a, 16) for a in re.findall(r"@([0-9a-f]+) \{", dts.stdout)}
for address in re.findall(r"^  0x([0-9A-F_]+)  (?!boot ROM)", texts["machines"], re.M):
    value = int(address.replace("_", ""), 16)
    if value not in nodes:
        fail(f"help machines lists 0x{value:x}, which has no device tree node ({sorted(map(hex, nodes))})")

r = run(["help", "nope"])
expect_exit(r, 1)
expect_regex(r, r"^microvm: error: help nope: no such topic \(topics: machines, boot, devices, debugging, "
                r"snapshots, testing\)$", "stderr")
passed("help topics")
