"""The --display sdl window's keyboard and mouse, on a virtual X server (Xvfb, driven by xdotool):
the probe guest (guests/input/kernel.c) prints the events its keyboard or tablet gets. A mouse move
over the window places the tablet's pointer (the window's pixels scaled to 0..32767), its buttons
and wheel click the tablet's; keys pressed in the window reach the keyboard. Skipped (status 77)
without Xvfb and xdotool (scripts/setup.sh installs them)."""
import os
import shutil
import subprocess
import sys
import time

from harness import Session, expect_exit, fail, passed
from input_probe import PROBE, event_lines

if not shutil.which("Xvfb") or not shutil.which("xdotool"):
    print("SKIP: no Xvfb or xdotool (scripts/setup.sh installs them)")
    sys.exit(77)

# Xvfb picks a free display number and writes it to the pipe (-displayfd) once it is ready.
read_end, write_end = os.pipe()
xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(write_end)
with os.fdopen(read_end) as numbers:
    display = numbers.readline().strip()
if not display.isdigit():
    xvfb.kill()
    fail("Xvfb did not start")
env = dict(os.environ, DISPLAY=f":{display}")
env.pop("WAYLAND_DISPLAY", None)


def xdotool(*args):
    try:
        r = subprocess.run(["xdotool"] + list(args), env=env, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        fail(f"xdotool {' '.join(args)} did not finish (no window? a build without SDL2 runs headless)")
    if r.returncode != 0:
        fail(f"xdotool {' '.join(args)}: {r.stderr}")
    time.sleep(0.3)  # let the window take it in
    return r.stdout


def window_session(cmdline):
    os.environ["DISPLAY"] = env["DISPLAY"]
    s = Session(["run", "-k", PROBE, "--display", "sdl", "--cmdline", cmdline, "--timeout-secs", "60"])
    s.expect(r"^ready$")
    return s, xdotool("search", "--sync", "--name", "^microvm$").split()[0]


def ev(kind, code, value):
    return f"event type {kind} code {code} value {value} len 8"


SYN = ev(0, 0, 0)
try:
    # The tablet: a move, left click, wheel down, right click, a move to the last pixel, middle click.
    s, window = window_session("pick-tablet")
    xdotool("mousemove", "--window", window, "100", "50")
    xdotool("click", "1")
    xdotool("click", "5")
    xdotool("click", "3")
    xdotool("mousemove", "--window", window, "799", "599")
    xdotool("click", "2")  # the guest powers off on the middle button's release
    r = s.finish()
    expect_exit(r, 0)
    expected = [ev(3, 0, 100 * 32767 // 800), ev(3, 1, 50 * 32767 // 600), SYN,
                ev(1, 272, 1), SYN, ev(1, 272, 0), SYN,
                ev(2, 8, -1), SYN,
                ev(1, 273, 1), SYN, ev(1, 273, 0), SYN,
                ev(3, 0, 799 * 32767 // 800), ev(3, 1, 599 * 32767 // 600), SYN,
                ev(1, 274, 1), SYN, ev(1, 274, 0)]
    # The window may see the pointer at its centre as it maps (SDL asks X where the pointer is):
    # moves before the test's first are left out.
    got = event_lines(r.stdout)
    first = got.index(expected[0]) if expected[0] in got else 0
    if any(not line.startswith(("event type 3 ", "event type 0 ")) for line in got[:first]) or got[first:] != expected:
        fail(f"the tablet got {got}, expected {expected}", r)

    # The keyboard: keys typed into the window, by their physical place (Linux codes).
    s, window = window_session("keyboard")
    xdotool("windowfocus", "--sync", window)
    xdotool("key", "--window", window, "a")
    xdotool("key", "--window", window, "shift+1")
    xdotool("key", "--window", window, "q")
    r = s.finish()
    expect_exit(r, 0)
    expected = [ev(1, 30, 1), SYN, ev(1, 30, 0), SYN,
                # xdotool lets shift go before the 1
                ev(1, 42, 1), SYN, ev(1, 2, 1), SYN, ev(1, 42, 0), SYN, ev(1, 2, 0), SYN,
                ev(1, 16, 1), SYN, ev(1, 16, 0)]
    if event_lines(r.stdout) != expected:
        fail(f"the keyboard got {event_lines(r.stdout)}, expected {expected}", r)
finally:
    xvfb.terminate()  # it removes its socket and lock file
    xvfb.wait()
passed("the window's mouse drives the tablet and its keys the keyboard")
