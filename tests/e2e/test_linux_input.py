"""The keyboard and the tablet under Linux (virtio_input and evdev, on the kernel guests/linux/build.sh
builds): the guest finds both as /dev/input/event*, by the names QEMU's devices have; the shell
copies what each node gives into a file while the monitor presses keys (sendkey) and moves and
clicks the tablet (mouse_move, mouse_button), and od prints the struct input_event records, whose
type, code and value must be exactly those of the keys and moves sent. Then a shell on the screen:
with console=tty0 last, init's shell runs on the framebuffer console, and keys sent to the keyboard
type a command into it whose output comes back on the serial line."""
import os
import re

import time

from harness import Session, expect_exit, fail, passed, temp_dir
from input_probe import MonitorSocket
from linux_guest import extended_linux_args

EV_SYN, EV_KEY, EV_REL, EV_ABS = 0, 1, 2, 3
KEY_A, KEY_B, KEY_LEFTSHIFT, KEY_KPENTER = 30, 48, 42, 96
BTN_LEFT, BTN_RIGHT, REL_WHEEL, ABS_X, ABS_Y = 272, 273, 8, 0, 1
SYN = (EV_SYN, 0, 0)


def key(code, value):
    return [(EV_KEY, code, value), SYN]


KEYS = ["a", "shift-b", "kp_enter"]
KEY_EVENTS = (key(KEY_A, 1) + key(KEY_A, 0) + key(KEY_LEFTSHIFT, 1) + key(KEY_B, 1) + key(KEY_B, 0)
              + key(KEY_LEFTSHIFT, 0) + key(KEY_KPENTER, 1) + key(KEY_KPENTER, 0))
TABLET = ["mouse_move 400 300", "mouse_button 1", "mouse_button 3", "mouse_button 0", "mouse_move 10 20 -1"]
TABLET_EVENTS = ([(EV_ABS, ABS_X, 16383), (EV_ABS, ABS_Y, 16383), SYN]
                 + [(EV_KEY, BTN_LEFT, 1), SYN] + [(EV_KEY, BTN_RIGHT, 1), SYN]
                 + [(EV_KEY, BTN_LEFT, 0), (EV_KEY, BTN_RIGHT, 0), SYN]
                 + [(EV_ABS, ABS_X, 10 * 32767 // 800), (EV_ABS, ABS_Y, 20 * 32767 // 600), SYN]
                 + [(EV_REL, REL_WHEEL, -1), SYN])


def records(text, name):
    """The (type, code, value) of each struct input_event od printed between `name` begin and end:
    24 bytes as six 32-bit words, the timestamp's four, then type | code << 16, then value."""
    block = re.search(rf"^{name} begin$(.*?)^{name} end$", text, re.MULTILINE | re.DOTALL)
    if not block:
        return None
    words = [int(w) for w in block.group(1).split()]
    if len(words) % 6:
        fail(f"{name}: {len(words)} words are not whole events:\n{block.group(1)}")
    out = []
    for i in range(0, len(words), 6):
        value = words[i + 5] - (1 << 32) if words[i + 5] >= 1 << 31 else words[i + 5]
        out.append((words[i + 4] & 0xFFFF, words[i + 4] >> 16, value))
    return out


tmp = temp_dir("microvm-linux-input-")
sock = os.path.join(tmp, "monitor.sock")
s = Session(extended_linux_args("console=ttyS0", "--keyboard", "--tablet", "--monitor", "unix:" + sock,
                                "--timeout-secs", "400"))
s.expect(r"MICROVM-GUEST: shell ready", timeout=360)
monitor = MonitorSocket(sock)
s.send('for d in /sys/class/input/event*; do echo "ev""dev $(basename $d) $(cat $d/device/name)"; done; echo lis\'\'ted\n')
s.expect(r"^listed", timeout=60)
found = {name: node for node, name in re.findall(r"^evdev (event\d+) (.*?)\s*$", s.text(), re.MULTILINE)}
if "QEMU Virtio Keyboard" not in found or "QEMU Virtio Tablet" not in found:
    s.kill()
    fail(f"the guest's input devices: {found}")
keyboard, tablet = found["QEMU Virtio Keyboard"], found["QEMU Virtio Tablet"]
s.send(f"cat /dev/input/{keyboard} > /tmp/keys & k=$!; cat /dev/input/{tablet} > /tmp/tablet & t=$!; "
       "sleep 1; echo rea''ding\n")
s.expect(r"^reading", timeout=60)
for line in [f"sendkey {k}" for k in KEYS] + TABLET:
    monitor.quiet(line)
# Each event is 24 bytes; wait until both files hold them all, then print them.
s.send(f"while [ $(cat /tmp/keys | wc -c) -lt {24 * len(KEY_EVENTS)} ] || "
       f"[ $(cat /tmp/tablet | wc -c) -lt {24 * len(TABLET_EVENTS)} ]; do sleep 1; done; kill $k $t; "
       # The quotes keep the markers out of the shell's echo of this (wrapped) command line.
       "echo keys be''gin; od -An -v -tu4 -w24 /tmp/keys; echo keys e''nd; "
       "echo tablet be''gin; od -An -v -tu4 -w24 /tmp/tablet; echo tablet e''nd\n")
s.expect(r"^tablet end", timeout=120)
s.send("poweroff -f\n")
r = s.finish()
expect_exit(r, 0)
got_keys, got_tablet = records(r.stdout, "keys"), records(r.stdout, "tablet")
if got_keys != KEY_EVENTS:
    fail(f"{keyboard} gave {got_keys}, expected {KEY_EVENTS}", r)
if got_tablet != TABLET_EVENTS:
    fail(f"{tablet} gave {got_tablet}, expected {TABLET_EVENTS}", r)

# A shell on the screen, typed into through the keyboard (US layout, QEMU's key names).
SHIFTED = {"$": "4", "(": "9", ")": "0", "*": "8", ">": "dot"}
NAMED = {" ": "spc", "-": "minus", "/": "slash", "\n": "ret"}


def key_names(text):
    for ch in text:
        if ch in SHIFTED:
            yield "shift-" + SHIFTED[ch]
        elif ch in NAMED:
            yield NAMED[ch]
        elif ch.isupper():
            yield "shift-" + ch.lower()
        else:
            yield ch


s = Session(extended_linux_args("console=ttyS0 console=tty0", "--screenshot", os.path.join(tmp, "shell.png"),
                                "--monitor", "unix:" + sock + "2", "--timeout-secs", "400"))
s.expect(r"Run /init as init process", timeout=360)
monitor = MonitorSocket(sock + "2")
# init's messages go to the screen now; type until the shell has started and answers.
for attempt in range(30):
    for name in key_names("echo typed-$((6*7)) >/dev/ttyS0\n"):
        monitor.quiet("sendkey " + name)
    time.sleep(2)
    if "typed-42" in s.text():
        break
else:
    s.kill()
    fail("the shell on the screen never ran what the keyboard typed:\n" + s.text()[-2000:])
monitor.command("quit")
r = s.finish()
expect_exit(r, 0)

passed(f"Linux reads the keyboard ({keyboard}: {len(KEY_EVENTS)} events) and the tablet "
       f"({tablet}: {len(TABLET_EVENTS)} events) through evdev, and a shell on the screen takes typed commands")
