"""--timeline FILE: each hart's address-space switches, WFI sleeps, interrupts, IPIs and remote
fences as a Chrome trace. Checked against guests whose own counts say what it must hold: the
interrupts guest (it prints how many of each it took), the vm guest (one satp write, to its
`tables`), and a 2-hart Linux boot (hart 1 starts stopped, wakes by IPIs from hart 0)."""
import collections
import json
import os
import subprocess
import sys

from harness import BUILD, SOURCE, expect_exit, expect_lines, fail, linux_images, passed, run, temp_dir

folder = temp_dir("microvm-timeline-")


def timeline(args, name):
    path = os.path.join(folder, name)
    r = run(args + ["--timeline", path], timeout=180)
    expect_exit(r, 0)
    with open(path) as f:
        data = json.load(f)
    if data["otherData"]["dropped_events"] != 0:
        fail(f"{name}: events were dropped: {data['otherData']}")
    events = [e for e in data["traceEvents"] if e["ph"] != "M"]
    names = {e["tid"]: e["args"]["name"] for e in data["traceEvents"] if e["name"] == "thread_name"}
    for tid in {e["tid"] for e in events}:
        spans = [e for e in events if e["tid"] == tid and e["ph"] == "X"]
        ends = [(e["ts"], e["ts"] + e["dur"]) for e in spans]
        if tid % 2 and any(b[0] < a[1] - 0.001 for a, b in zip(ends, ends[1:])):
            fail(f"{name}: address-space spans of {names[tid]} overlap")
    return r, events, names


def summary(name, *options):
    """scripts/timeline_summary.py on a trace this test wrote: (exit status, stdout, stderr)."""
    script = os.path.join(SOURCE, "scripts", "timeline_summary.py")
    r = subprocess.run([sys.executable, script, os.path.join(folder, name), *options], capture_output=True,
                       text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def summary_lines(name, *options):
    status, out, err = summary(name, *options)
    if status != 0:
        fail(f"timeline_summary.py {name}: exit {status}: {err}")
    return out.splitlines()


def count(events, tid):
    return collections.Counter(e["name"] for e in events if e["tid"] == tid)


# The interrupts guest: the timeline's interrupts are the ones the guest counted.
guest = os.path.join(BUILD, "guests", "compare", "interrupts.elf")
r, events, names = timeline(["run", "--kernel", guest], "interrupts.json")
expect_lines(r, ["  5 ticks", "  woke 3000 times", "  taken 1, msip now 0", "  S took 1, scause 8000000000000001",
                 "  taken 1, MEIP now 0"])
if names != {0: "hart 0", 1: "hart 0 address space"}:
    fail(f"interrupts: tracks {names}")
hart = count(events, 0)
want = {"interrupt 7 (machine timer)": 5, "interrupt 3 (machine software)": 1,
        "interrupt 1 (supervisor software)": 1, "interrupt 11 (machine external)": 1}
got = {k: v for k, v in hart.items() if k.startswith("interrupt")}
if got != want:
    fail(f"interrupts: the timeline has {got}, the guest took {want}")
# A wfi whose interrupt is already pending does not sleep, so how many of its 3000-odd did is the
# host's business; its five 2 ms ticks give it sleeps to record.
if not 1 <= hart["idle (wfi)"] <= 10000:
    fail(f"interrupts: {hart['idle (wfi)']} WFI sleeps")
if count(events, 1):
    fail(f"interrupts: address spaces in a guest that never writes satp: {count(events, 1)}")
# The summary counts the same interrupts, most taken first.
lines = summary_lines("interrupts.json")
want = ("  interrupts: interrupt 7 (machine timer) x5, interrupt 1 (supervisor software) x1, "
        "interrupt 3 (machine software) x1, interrupt 11 (machine external) x1")
if not lines[0].startswith("1 hart, 0.0 to ") or want not in lines:
    fail(f"interrupts: the summary says {lines}, want a line {want!r}")
idle = sum(e["dur"] for e in events if e["tid"] == 0 and e["name"] == "idle (wfi)")
spun = sum(1 for e in events if e["tid"] == 0 and e["name"] == "idle (wfi)" and e.get("args", {}).get("spun"))
if (f"hart 0: busy 0.0 ms, idle (wfi) {idle / 1e3:.1f} ms in {hart['idle (wfi)']} sleeps ({spun} woken while "
        "spinning), stopped 0.0 ms") not in lines:
    fail(f"interrupts: the summary's idle time {lines[1]!r}, the trace has {hart['idle (wfi)']} sleeps, {idle} us, "
         f"{spun} woken while spinning")

# The vm guest writes satp once: Sv39 (mode 8) with its `tables` as the root.
guest = os.path.join(BUILD, "guests", "compare", "vm.elf")
symbols = subprocess.run(["nm", guest], capture_output=True, text=True, check=True).stdout.split("\n")
root = next(int(line.split()[0], 16) for line in symbols if line.endswith(" tables"))
r, events, _ = timeline(["run", "--kernel", guest], "vm.json")
spaces = [e for e in events if e["tid"] == 1]
want = [(f"page table {root:#x}", f"{(8 << 60) | (root >> 12):#x}")]
if [(e["name"], e["args"]["satp"]) for e in spaces] != want:
    fail(f"vm: address spaces {[(e['name'], e['args']) for e in spaces]}, want {want}")
lines = summary_lines("vm.json")
if "  address spaces by busy time (1 in all):" not in lines or not lines[-1].endswith(f"1 times  page table {root:#x}"):
    fail(f"vm: the summary says {lines}")

# Linux on 2 harts: hart 1 is stopped until hart 0 starts it (SBI HSM), then runs the kernel's own
# page table before any process's; every supervisor software interrupt it takes was an IPI sent to it.
image, initrd = linux_images()
r, events, names = timeline(["run", "--cpus", "2", "--memory", "256", "--kernel", image, "--initrd", initrd,
                             "--cmdline", "console=ttyS0 microvm.test=smoke"], "linux.json")
if "MICROVM-GUEST: test smoke exit=0" not in r.stdout:
    fail("linux: the smoke test did not pass", r)
if sorted(names.values()) != ["hart 0", "hart 0 address space", "hart 1", "hart 1 address space"]:
    fail(f"linux: tracks {names}")
# (When hart 1's stop begins is the host's business: its thread may start after hart 0 is well on.)
hart1 = [e for e in events if e["tid"] == 2]
paging = next(e for e in events if e["tid"] == 1)["ts"]  # hart 0's first satp write
if not hart1 or hart1[0]["name"] != "stopped" or hart1[0]["ts"] + hart1[0]["dur"] < paging:
    fail(f"linux: hart 1's first event is {hart1[:1]}, want it stopped until after hart 0 turned paging on "
         f"(at {paging} us)")
started = hart1[0]["ts"] + hart1[0]["dur"]
first_switch = next(e for e in events if e["tid"] == 3)["ts"]
# A stopped hart's thread is woken for nothing now and then (a timer moved, a look at the run
# control): still one stop, one span.
stops = [e for e in hart1 if e["name"] == "stopped" and e["ts"] < first_switch]
if len(stops) != 1:
    fail(f"linux: hart 1 was stopped once before it started, the timeline has {len(stops)} spans")
if first_switch < started - 0.001:
    fail(f"linux: hart 1 switched address space before it was started (at {started} us)")
first_space = next(e for e in events if e["tid"] == 3 and e["name"].startswith("page table"))["args"]["satp"]
if first_space not in {e["args"]["satp"] for e in events if e["tid"] == 1}:
    fail(f"linux: hart 1's first address space {first_space} is not one hart 0 ran")
if len({e["args"]["satp"] for e in events if e["tid"] in (1, 3)}) < 10:
    fail("linux: fewer than 10 address spaces in a boot that runs a shell and its tests")
sent = sum(1 for e in events if e["name"] == "IPI to hart 1")
taken = count(events, 2)["interrupt 1 (supervisor software)"]
if not 1 <= taken <= sent:
    fail(f"linux: hart 1 took {taken} supervisor software interrupts for {sent} IPIs sent to it")
for tid in (0, 2):
    if count(events, tid)["idle (wfi)"] < 10:
        fail(f"linux: {names[tid]} slept in WFI {count(events, tid)['idle (wfi)']} times")
    # Halt polling (a hart spins before it blocks, when each hart has a host core): Linux's IPIs
    # between harts come within the window often (70-320 of 250-500 sleeps a hart here).
    spun = sum(1 for e in events if e["tid"] == tid and e["name"] == "idle (wfi)" and e.get("args", {}).get("spun"))
    if len(os.sched_getaffinity(0)) >= 2 and spun < 1:
        fail(f"linux: none of {names[tid]}'s {count(events, tid)['idle (wfi)']} sleeps ended while it spun")
# The summary: hart 1's stop and the IPIs sent to it as the trace has them, and each hart's busy
# time without the idle spans inside its address spaces (a Linux hart idles in the last
# process's page table).
lines = summary_lines("linux.json")
stopped = sum(e["dur"] for e in hart1 if e["name"] == "stopped")
if not any(line.startswith("hart 1: ") and line.endswith(f"stopped {stopped / 1e3:.1f} ms") for line in lines):
    fail(f"linux: the summary says {lines[:12]}, the trace has hart 1 stopped {stopped} us")
if f"  IPIs sent: to hart 1 x{sent}" not in lines:
    fail(f"linux: the summary's IPIs {[line for line in lines if 'IPIs' in line]}, the trace has {sent} to hart 1")
# A hart's address spaces follow each other from its first satp write to the trace's end, so
# their busy time is that stretch less the idle and stopped time inside it.
for h in (0, 1):
    spans = [e for e in events if e["tid"] == 2 * h + 1]
    begin, end = spans[0]["ts"], spans[-1]["ts"] + spans[-1]["dur"]
    resting = sum(min(e["ts"] + e["dur"], end) - max(e["ts"], begin) for e in events
                  if e["tid"] == 2 * h and e["name"] in ("idle (wfi)", "stopped") and e["ts"] + e["dur"] > begin)
    busy = next(line for line in lines if line.startswith(f"hart {h}: busy ")).split()[3]
    if abs(float(busy) - (end - begin - resting) / 1e3) > 0.06:
        fail(f"linux: hart {h} busy {busy} ms, the trace {(end - begin - resting) / 1e3:.3f} ms")
# A window in slices: one row per 50 ms from 100 ms to 300 ms, each naming both harts.
rows = [line for line in summary_lines("linux.json", "--from", "100", "--to", "300", "--bins", "50") if " ms | " in line]
if [row.split(" ms | ")[0].strip() for row in rows] != ["100.0", "150.0", "200.0", "250.0"] or \
        not all(" | h1 " in row for row in rows):
    fail(f"linux: the summary's slices {rows}")
# Not a trace: one error.
status, out, err = summary("../" + os.path.basename(folder) + "/no-such.json")
if status != 1 or "cannot read" not in err or out:
    fail(f"timeline_summary.py on a missing file: exit {status}, {err!r}")
with open(os.path.join(folder, "not-a-trace.json"), "w") as f:
    f.write('{"hello": 1}')
status, out, err = summary("not-a-trace.json")
if status != 1 or "is not a trace written by microvm run --timeline" not in err:
    fail(f"timeline_summary.py on a JSON file that is no trace: exit {status}, {err!r}")

# A file that cannot be written is an error before the run.
r = run(["run", "--kernel", guest, "--timeline", os.path.join(folder, "no", "such", "dir.json")])
expect_exit(r, 1)
if "--timeline: cannot write" not in r.stderr or r.stdout:
    fail("an unwritable --timeline file: want one error and no run", r)
passed("--timeline records address spaces, sleeps, interrupts and IPIs as the guests report them, "
       "and scripts/timeline_summary.py counts them as the trace has them")
