"""The virtio-input keyboard: a bare-metal guest finds it by probing the virtio-mmio slots, prints its
configuration and every event; the monitor's sendkey (through --monitor unix:) presses keys, and the
guest prints the Linux codes it got and draws a square per press, which the monitor's screendump saves.
The same guest on QEMU (virtio-keyboard-device) prints the same configuration and the same events,
but for the set of keys (QEMU announces more)."""
import os
import time
from collections import Counter

from harness import BUILD, MICROVM, Session, run, expect_exit, expect_regex, fail, passed, temp_dir
from png import read_png_rgb, pixel
from input_probe import PROBE, MonitorSocket, connect_unix, event_lines, probe_on_qemu

KERNEL = PROBE
tmp = temp_dir("microvm-input-")

KEYS = ["a", "ctrl-c", "shift-1", "kp_enter"]
# Down in order, up in reverse order, a SYN_REPORT after each: "type code value".
EVENTS = []
for codes in ([30], [29, 46], [42, 2], [96]):
    for code, value in [(c, 1) for c in codes] + [(c, 0) for c in reversed(codes)]:
        EVENTS += [f"event type 1 code {code} value {value} len 8", "event type 0 code 0 value 0 len 8"]
PRESSES = [30, 29, 46, 42, 2, 96]


# 1. microvm: the keyboard comes with the screen.
sock = os.path.join(tmp, "monitor.sock")
shot = os.path.join(tmp, "end.png")
s = Session(["run", "-k", KERNEL, "--screenshot", shot, "--monitor", "unix:" + sock, "--timeout-secs", "120"])
s.expect(r"^ready$")
monitor = MonitorSocket(sock)
for keys in KEYS:
    monitor.quiet("sendkey " + keys)
s.expect(r"event type 1 code 96 value 0 len 8\nevent type 0 code 0 value 0 len 8\n")
dump = os.path.join(tmp, "dump.png")
monitor.quiet("screendump " + dump)
for line, expected in (("sendkey nosuchkey", "error: unknown key 'nosuchkey'\n"),
                       ("sendkey", "usage: sendkey KEYS [HOLD_MS] (KEYS like a, ctrl-c, ctrl-alt-delete)\n"),
                       ("screendump /nonexistent/dir/x.png", None)):
    reply = monitor.command(line)
    if expected is not None and reply != expected:
        fail(f"{line!r} said {reply!r}, expected {expected!r}")
    if expected is None and not reply.startswith("error: "):
        fail(f"{line!r} said {reply!r}, expected an error")
monitor.quiet("sendkey q")
r = s.finish()
expect_exit(r, 0)
# The screen's tablet is in slot 3; the guest picks the keyboard by its name.
expect_regex(r, r"^virtio-input at 0x10005000$")
expect_regex(r, r"^bye$")
mine = r.stdout.splitlines()
if event_lines(r.stdout) != EVENTS + ["event type 1 code 16 value 1 len 8", "event type 0 code 0 value 0 len 8",
                                      "event type 1 code 16 value 0 len 8"]:
    fail(f"events {event_lines(r.stdout)}, expected {EVENTS}", r)
for line in ("name size 21 \"QEMU Virtio Keyboard\"", "serial size 0 \"\"",
             "devids size 8 bustype 0x6 vendor 0x627 product 0x1 version 0x1",
             # KEY_ESC (1) to KEY_102ND... the table of src/devices/virtio/input_keys.cpp: 105 keys, the
             # highest KEY_COMPOSE (127), so 16 bytes of bitmap.
             "ev_key size 16 bits 105 first 1 last 127", "ev_led size 1 bits 3 first 0 last 2 list 0 1 2",
             "ev_rep size 1 bits 0", "ev_syn size 0 bits 0", "ev_abs size 0 bits 0", "prop_bits size 0 bits 0",
             "abs 63 size 0", "unset size 0"):
    if line not in mine:
        fail(f"the guest did not print {line!r}", r)

# The screendump holds one 20x20 square per press, grey 4 * code, left to right; the rest is black.
for path in (dump, shot):
    width, height, rows = read_png_rgb(path)
    if (width, height) != (800, 600):
        fail(f"{path} is {width}x{height}")
    counts = Counter(pixel(rows, x, y) for y in range(height) for x in range(width))
    expected = Counter()
    for code in PRESSES + ([16] if path == shot else []):
        expected[(code * 4 & 255,) * 3] += 400
    expected[(0, 0, 0)] += 800 * 600 - sum(expected.values())
    if counts != expected:
        fail(f"{path}: pixel counts {dict(counts.most_common(10))}, expected {dict(expected)}")
    for i, code in enumerate(PRESSES):
        if pixel(rows, 20 * i + 10, 10) != (code * 4 & 255,) * 3 or pixel(rows, 20 * i + 10, 20) != (0, 0, 0):
            fail(f"{path}: square {i} is not where the guest drew it")

# 2. Without a screen there is no keyboard unless asked for; --keyboard takes the fifth disk's slot.
r = run(["run", "-k", KERNEL, "--timeout-secs", "60"])
expect_exit(r, 0)
expect_regex(r, r"^no virtio-input device$")
s = Session(["run", "-k", KERNEL, "--keyboard", "--deterministic", "--monitor", "unix:" + sock + "2",
             "--timeout-secs", "120"])
s.expect(r"^ready$")
monitor = MonitorSocket(sock + "2")
if monitor.command("screendump " + os.path.join(tmp, "x.png")) != \
        "error: the machine has no screen (give --display sdl or --screenshot)\n":
    fail("screendump without a screen did not say so")
if monitor.command("mouse_button 1") != "error: the machine has no tablet (give --tablet, --display sdl or --screenshot)\n":
    fail("mouse_button without a tablet did not say so")
monitor.quiet("sendkey q")
r = s.finish()
expect_exit(r, 0)
expect_regex(r, r"^virtio-input at 0x10005000$")
if event_lines(r.stdout) != ["event type 1 code 16 value 1 len 8", "event type 0 code 0 value 0 len 8",
                             "event type 1 code 16 value 0 len 8"]:
    fail(f"deterministic run: events {event_lines(r.stdout)}", r)
# A snapshot keeps the keyboard: taken while the guest waits for keys, restored, it gets them.
snap = os.path.join(tmp, "keyboard.snap")
r = run(["run", "-k", KERNEL, "--keyboard", "--deterministic", "--save-snapshot", snap,
         "--save-snapshot-at", "3000000"])
expect_exit(r, 0)
expect_regex(r, r"^ready$")
s = Session(["run", "--load-snapshot", snap, "--monitor", "unix:" + sock + "3", "--timeout-secs", "120"])
MonitorSocket(sock + "3").quiet("sendkey q")
r = s.finish()
expect_exit(r, 0)
if event_lines(r.stdout) != ["event type 1 code 16 value 1 len 8", "event type 0 code 0 value 0 len 8",
                             "event type 1 code 16 value 0 len 8"]:
    fail(f"restored run: events {event_lines(r.stdout)}", r)
disks = []
for i in range(5):
    disks += ["--disk", os.path.join(tmp, f"d{i}.img")]
    open(os.path.join(tmp, f"d{i}.img"), "wb").write(b"\0" * 4096)
r = run(["run", "-k", KERNEL, "--keyboard"] + disks)
expect_exit(r, 1)
expect_regex(r, r"^microvm: error: too many --disk options: the virt board has room for 4 disks with a keyboard "
                r"\(--keyboard\)$", "stderr")

# 3. QEMU's virtio-keyboard-device: the same configuration (but the key set) and the same events.
def send_keys(folder):
    conn = connect_unix(os.path.join(folder, "hmp.sock"))
    for keys in KEYS + ["q"]:
        conn.sendall(f"sendkey {keys}\n".encode())
        time.sleep(0.3)  # QEMU's sendkey holds keys for 100 ms


theirs = probe_on_qemu("virtio-keyboard-device", send_keys)
if theirs is not None:
    skip = ("virtio-input at", "ev_key ")
    ours_cfg = [x for x in mine if not x.startswith(skip)]
    theirs_cfg = [x for x in theirs if not x.startswith(skip)]
    if ours_cfg != theirs_cfg:
        fail(f"QEMU's guest printed {theirs_cfg}, microvm's {ours_cfg}")

passed("virtio-input keyboard: configuration as QEMU's, sendkey events, screendump")
