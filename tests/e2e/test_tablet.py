"""The virtio-input tablet: the probe guest (guests/input/kernel.c, told "pick-tablet" on its command
line) finds it, prints its configuration and every event; the monitor's mouse_move and mouse_button
(through --monitor unix:) drive it. The same guest on QEMU 7.2's virtio-tablet-device, driven
through QMP's input-send-event with the same axis values, prints the same configuration and the
same events (QEMU also releases a gear button it never pressed after each wheel notch; that line
is left out). Then: a screen brings the tablet (slot 3) with the keyboard (slot 4), the disks and
shares have room for 3 beside them, a snapshot keeps the tablet, and a recorded run refuses the
pointer (it is not in input logs yet)."""
import json
import os
import time

from harness import Session, run, expect_exit, expect_regex, fail, passed, temp_dir
from input_probe import PROBE, MonitorSocket, connect_unix, event_lines, probe_on_qemu

tmp = temp_dir("microvm-tablet-")
SYN = "event type 0 code 0 value 0 len 8"


def ev(kind, code, value):
    return f"event type {kind} code {code} value {value} len 8"


EV_KEY, EV_REL, EV_ABS = 1, 2, 3
BTN_LEFT, BTN_RIGHT, BTN_MIDDLE, REL_WHEEL = 272, 273, 274, 8
# (monitor command, the axis values QEMU is sent for it, the events the guest gets). Pixels scale
# as QEMU scales its window's pointer: x * 32767 // 800, y * 32767 // 600.
STEPS = [
    ("mouse_move 400 300", (16383, 16383), [ev(EV_ABS, 0, 16383), ev(EV_ABS, 1, 16383), SYN]),
    ("mouse_move 0 599 1", (0, 32712), [ev(EV_ABS, 0, 0), ev(EV_ABS, 1, 32712), SYN, ev(EV_REL, REL_WHEEL, 1), SYN]),
    ("mouse_move 799 0 -1", (32726, 0), [ev(EV_ABS, 0, 32726), ev(EV_ABS, 1, 0), SYN, ev(EV_REL, REL_WHEEL, -1), SYN]),
    ("mouse_button 1", None, [ev(EV_KEY, BTN_LEFT, 1), SYN]),
    ("mouse_button 3", None, [ev(EV_KEY, BTN_RIGHT, 1), SYN]),
    ("mouse_button 0", None, [ev(EV_KEY, BTN_LEFT, 0), ev(EV_KEY, BTN_RIGHT, 0), SYN]),
    ("mouse_button 4", None, [ev(EV_KEY, BTN_MIDDLE, 1), SYN]),
    ("mouse_button 0", None, [ev(EV_KEY, BTN_MIDDLE, 0), SYN]),  # the guest powers off
]
# The guest powers off on the middle button's release, before the SYN_REPORT after it.
EXPECTED = [line for _, _, events in STEPS for line in events][:-1]
CONFIG = [
    'name size 19 "QEMU Virtio Tablet"', 'serial size 0 ""',
    "devids size 8 bustype 0x6 vendor 0x627 product 0x3 version 0x2", "prop_bits size 0 bits 0",
    "ev_syn size 0 bits 0", "ev_key size 43 bits 7 first 272 last 337 list 272 273 274 275 276 336 337",
    "ev_rel size 2 bits 1 first 8 last 8 list 8", "ev_abs size 1 bits 2 first 0 last 1 list 0 1",
    "ev_msc size 0 bits 0", "ev_led size 0 bits 0", "ev_rep size 0 bits 0",
    "abs 0 size 20 min 0 max 32767 fuzz 0 flat 0 res 0", "abs 1 size 20 min 0 max 32767 fuzz 0 flat 0 res 0",
    "abs 63 size 0", "unset size 0",
]

# 1. --tablet alone: the tablet in slot 3, driven from the monitor; its mistakes are one line each.
sock = os.path.join(tmp, "monitor.sock")
s = Session(["run", "-k", PROBE, "--tablet", "--cmdline", "pick-tablet", "--monitor", "unix:" + sock,
             "--timeout-secs", "120"])
s.expect(r"^ready$")
monitor = MonitorSocket(sock)
usage_move = "usage: mouse_move X Y [DZ] (X 0..799, Y 0..599: a pixel of the screen; DZ: wheel notches, up is +)\n"
usage_button = "usage: mouse_button STATE (0..7: 1 left, 2 right, 4 middle, added)\n"
for line, expected in (("mouse_move 800 0", usage_move), ("mouse_move 1 -1", usage_move), ("mouse_move 1", usage_move),
                       ("mouse_move x 2", usage_move), ("mouse_button 8", usage_button), ("mouse_button", usage_button),
                       ("sendkey a", "error: the machine has no keyboard (give --keyboard, --display sdl or --screenshot)\n")):
    reply = monitor.command(line)
    if reply != expected:
        fail(f"{line!r} said {reply!r}, expected {expected!r}")
for line, _, _ in STEPS:
    monitor.quiet(line)
r = s.finish()
expect_exit(r, 0)
expect_regex(r, r"^virtio-input at 0x10004000$")
expect_regex(r, r"^bye$")
mine = r.stdout.splitlines()
if event_lines(r.stdout) != EXPECTED:
    fail(f"events {event_lines(r.stdout)}, expected {EXPECTED}", r)
config = [line for line in mine if not line.startswith(("event ", "virtio-input at", "ready", "bye"))]
if config != CONFIG:
    fail(f"configuration {config}, expected {CONFIG}", r)


# 2. QEMU's virtio-tablet-device: the same configuration and events.
def drive_qmp(folder):
    conn = connect_unix(os.path.join(folder, "qmp.sock"))
    f = conn.makefile("rw")
    f.readline()  # the greeting

    def execute(command, arguments=None, powers_off=False):
        f.write(json.dumps({"execute": command, **({"arguments": arguments} if arguments else {})}) + "\n")
        f.flush()
        try:
            line = f.readline()
        except ConnectionResetError:
            line = ""
        if not line and powers_off:
            return  # the guest powered off on this event, and QEMU quit before it answered
        reply = json.loads(line)
        if "return" not in reply:
            fail(f"QMP {command}: {reply}")

    def send(*events, powers_off=False):
        execute("input-send-event", {"events": list(events)}, powers_off)
        time.sleep(0.3)  # QEMU drops events while the guest, printing, has no buffers posted

    def btn(button, down):
        return {"type": "btn", "data": {"button": button, "down": down}}

    execute("qmp_capabilities")
    buttons = {1: "left", 2: "right", 4: "middle"}
    held = 0
    for step, (line, axes, _) in enumerate(STEPS):
        words = line.split()
        if axes:
            send({"type": "abs", "data": {"axis": "x", "value": axes[0]}},
                 {"type": "abs", "data": {"axis": "y", "value": axes[1]}})
            if len(words) == 4:
                wheel = "wheel-up" if int(words[3]) > 0 else "wheel-down"
                send(btn(wheel, True))
                send(btn(wheel, False))
        else:
            state = int(words[1])
            # QEMU's mouse_button order: left, middle, right.
            send(*[btn(buttons[bit], bool(state & bit)) for bit in (1, 4, 2) if (state ^ held) & bit],
                 powers_off=step == len(STEPS) - 1)
            held = state


theirs = probe_on_qemu("virtio-tablet-device", drive_qmp, append="pick-tablet")
if theirs is not None:
    # BTN_GEAR_UP (337) and BTN_GEAR_DOWN (336) released after a notch, and the SYN_REPORT after it.
    events = event_lines("\n".join(theirs))
    kept, skip_syn = [], False
    for line in events:
        if line in (ev(EV_KEY, 336, 0), ev(EV_KEY, 337, 0)):
            skip_syn = True
        elif skip_syn and line == SYN:
            skip_syn = False
        else:
            kept.append(line)
    if kept != EXPECTED:
        fail(f"QEMU's guest got {kept}, microvm's {EXPECTED}")
    their_config = [line for line in theirs if not line.startswith(("event ", "virtio-input at", "ready", "bye"))]
    if their_config != CONFIG:
        fail(f"QEMU's tablet says {their_config}, microvm's {CONFIG}")

# 3. A screen brings the tablet with the keyboard, which leaves 3 slots for disks and shares.
r = run(["run", "-k", PROBE, "--screenshot", os.path.join(tmp, "x.png"), "--cmdline", "pick-tablet",
         "--max-insns", "3000000"])
expect_exit(r, 125)
expect_regex(r, r"^virtio-input at 0x10004000$")
disks = []
for i in range(4):
    open(os.path.join(tmp, f"d{i}.img"), "wb").write(b"\0" * 4096)
    disks += ["--disk", os.path.join(tmp, f"d{i}.img")]
r = run(["run", "-k", PROBE, "--screenshot", os.path.join(tmp, "y.png")] + disks)
expect_exit(r, 1)
expect_regex(r, r"^microvm: error: too many --disk options: the virt board has room for 3 disks with a keyboard and a "
                r"tablet \(a screen, or --keyboard --tablet\)$", "stderr")
os.mkdir(os.path.join(tmp, "share"))
r = run(["run", "-k", PROBE, "--tablet", "--share", os.path.join(tmp, "share")] + disks[:6])
expect_exit(r, 1)
expect_regex(r, r"^microvm: error: 3 --disk and 1 --share options: together they have room for 3 virtio slots with "
                r"a tablet \(--tablet\)$", "stderr")

# 4. A snapshot keeps the tablet: taken while the guest waits, restored, the guest gets the clicks.
snap = os.path.join(tmp, "tablet.snap")
r = run(["run", "-k", PROBE, "--tablet", "--cmdline", "pick-tablet", "--deterministic", "--save-snapshot", snap,
         "--save-snapshot-at", "3000000"])
expect_exit(r, 0)
expect_regex(r, r"^ready$")
s = Session(["run", "--load-snapshot", snap, "--monitor", "unix:" + sock + "2", "--timeout-secs", "120"])
monitor = MonitorSocket(sock + "2")
monitor.quiet("mouse_button 4")
monitor.quiet("mouse_button 0")
r = s.finish()
expect_exit(r, 0)
if event_lines(r.stdout) != [ev(EV_KEY, BTN_MIDDLE, 1), SYN, ev(EV_KEY, BTN_MIDDLE, 0)]:
    fail(f"restored run: events {event_lines(r.stdout)}", r)

# 5. A recorded run refuses the pointer (its moves are not in input logs yet), saying so.
s = Session(["run", "-k", PROBE, "--tablet", "--cmdline", "pick-tablet", "--deterministic", "--record",
             os.path.join(tmp, "run.log"), "--monitor", "unix:" + sock + "3", "--timeout-secs", "60"])
s.expect(r"^ready$")
monitor = MonitorSocket(sock + "3")
for line in ("mouse_move 1 1", "mouse_button 4"):
    reply = monitor.command(line)
    if reply != "error: the pointer is not part of --record and --replay logs yet\n":
        fail(f"{line!r} while recording said {reply!r}")
monitor.command("quit")
r = s.finish()
if event_lines(r.stdout):
    fail(f"a recorded run got pointer events: {event_lines(r.stdout)}", r)

passed("virtio-input tablet: configuration and events as QEMU's, mouse_move and mouse_button, slots")
