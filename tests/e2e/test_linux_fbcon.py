"""Linux's framebuffer console on the screen, on the kernel guests/linux/build.sh builds (simplefb,
fbcon): booted with --screenshot and console=tty0 beside the serial console, the kernel finds the
simple-framebuffer in the device tree and fbcon draws its boot log there. The pictures are checked
by pixel statistics, not bytes: the boot log (a monitor screendump once the shell is up) fills the
screen's text rows in the console's grey; then the shell clears the console and writes a line of
text and a bar of 20 red full blocks (U+2588) at known cells, and the picture --screenshot saves
when the run ends holds exactly that: the bar's cells all red, the text's grey only in its cells,
everything else black. The control: booted with a device tree that lacks the framebuffer node, the
screen stays black (so a missing node, or fbcon drawing nothing, fails the checks above)."""
import os
import re
import subprocess
from collections import Counter

from harness import MICROVM, Session, expect_exit, fail, passed, temp_dir
from input_probe import MonitorSocket
from linux_guest import extended_linux_args
from png import read_png_rgb

GREY, RED, BLACK = (170, 170, 170), (170, 0, 0), (0, 0, 0)  # the VGA palette's 7, 1 and 0
TEXT = "microvm fbcon 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TEXT_ROW, BAR_ROW, BAR_COL, BAR_LEN = 3, 6, 11, 20  # 1-based, as the escape sequences count


def pixels(path):
    width, height, rows = read_png_rgb(path)
    if (width, height) != (800, 600):
        fail(f"{path} is {width}x{height}, expected 800x600")
    return [[tuple(rows[y][3 * x:3 * x + 3]) for x in range(width)] for y in range(height)]


tmp = temp_dir("microvm-fbcon-")
shot, boot_dump, sock = (os.path.join(tmp, name) for name in ("end.png", "boot.png", "monitor.sock"))
s = Session(extended_linux_args("console=tty0 console=ttyS0", "--screenshot", shot, "--monitor", "unix:" + sock,
                                "--timeout-secs", "400"))
s.expect(r"MICROVM-GUEST: shell ready", timeout=360)
log = s.text()


def give_up(message):
    s.kill()
    fail(message + "\n--- the serial console:\n" + s.text()[-3000:])


if not re.search(r"simple-framebuffer \S+: framebuffer at 0x87e00000", log):
    give_up("Linux's simplefb did not find the screen")
console = re.search(r"Console: switching to colour frame buffer device (\d+)x(\d+)", log)
if not console:
    give_up("fbcon did not take the console")
cols, rows = int(console.group(1)), int(console.group(2))
cell_w, cell_h = 800 // cols, 600 // rows
if (cell_w, cell_h) != (8, 16):
    give_up(f"fbcon's font is {cell_w}x{cell_h}, expected the 8x16 the kernel is configured with")

# The boot log, mid-run: text in most of the console's rows, in grey, on black.
monitor = MonitorSocket(sock)
monitor.quiet("screendump " + boot_dump)
picture = pixels(boot_dump)
counts = Counter(p for row in picture for p in row)
lit = 800 * 600 - counts[BLACK]
if not 0.02 <= lit / (800 * 600) <= 0.30:
    give_up(f"the boot log lights {lit} pixels ({lit / 4800:.2f}%), not the 2-30% of a screen of text: "
         f"{counts.most_common(5)}")
if counts[GREY] < 0.9 * lit:
    give_up(f"the boot log's pixels are not the console's grey: {counts.most_common(5)}")
text_rows = sum(1 for r in range(rows) if any(p != BLACK for y in range(r * cell_h, (r + 1) * cell_h)
                                              for p in picture[y]))
if text_rows < rows - 4:
    give_up(f"only {text_rows} of the console's {rows} rows hold text")

# A known picture: cleared, the cursor hidden, kernel messages off the console.
s.send("dmesg -n 1; printf '\\033[2J\\033[H\\033[?25l' > /dev/tty1; "
       f"printf '\\033[{TEXT_ROW};1H{TEXT}\\033[{BAR_ROW};{BAR_COL}H\\033[31m' > /dev/tty1; "
       f"for i in $(seq {BAR_LEN}); do printf '\\342\\226\\210'; done > /dev/tty1; "
       "printf '\\033[0m' > /dev/tty1; echo drawn-$((6*7))\n")
s.expect(r"^drawn-42", timeout=60)
monitor.command("quit")
r = s.finish()
expect_exit(r, 0)

picture = pixels(shot)
counts = Counter(p for row in picture for p in row)
bar = (range((BAR_ROW - 1) * cell_h, BAR_ROW * cell_h), range((BAR_COL - 1) * cell_w, (BAR_COL - 1 + BAR_LEN) * cell_w))
text = (range((TEXT_ROW - 1) * cell_h, TEXT_ROW * cell_h), range(0, len(TEXT) * cell_w))
if counts[RED] != BAR_LEN * cell_w * cell_h:
    fail(f"{counts[RED]} red pixels, expected the bar's {BAR_LEN * cell_w * cell_h}: {counts.most_common(5)}")
if any(picture[y][x] != RED for y in bar[0] for x in bar[1]):
    fail("the red bar is not where the shell wrote it")
in_text = Counter(picture[y][x] for y in text[0] for x in text[1])
if set(in_text) != {GREY, BLACK}:
    fail(f"the text's cells hold {in_text.most_common(5)}, expected grey on black")
# Each of the 8x16 font's glyphs for these characters lights 20-45% of its cell (a space none).
area = len(text[0]) * len(text[1])
if not 0.12 * area <= in_text[GREY] <= 0.40 * area:
    fail(f"the text lights {in_text[GREY]} of its {area} pixels")
# Every character's cell holds some grey, and the spaces' cells none.
for i, ch in enumerate(TEXT):
    cell = [picture[y][x] for y in text[0] for x in range(i * cell_w, (i + 1) * cell_w)]
    if (GREY in cell) != (ch != " "):
        fail(f"the cell of {ch!r} (column {i + 1}) is {'lit' if GREY in cell else 'empty'}")
if counts[GREY] != in_text[GREY] or counts[RED] + counts[GREY] + counts[BLACK] != 800 * 600:
    fail(f"pixels outside the text and the bar: {counts.most_common(6)}")
# The control: the same boot with a device tree that lacks the framebuffer node (its memory still
# reserved) leaves the screen black, and these checks would fail.
args = extended_linux_args("console=tty0 console=ttyS0", "--screenshot", os.path.join(tmp, "unused.png"))
dts = subprocess.run([MICROVM, "dts"] + args[1:], capture_output=True, text=True, check=True).stdout
without, removed = re.subn(r"\n\tframebuffer@87e00000 \{\n\t\tcompatible = \"simple-framebuffer\";.*?\n\t\};", "", dts,
                           flags=re.DOTALL)
if removed != 1:
    fail(f"no framebuffer node to remove in:\n{dts}")
with open(os.path.join(tmp, "nofb.dts"), "w") as f:
    f.write(without)
subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", os.path.join(tmp, "nofb.dtb"), os.path.join(tmp, "nofb.dts")],
               check=True)
black = os.path.join(tmp, "black.png")
s = Session(extended_linux_args("console=tty0 console=ttyS0", "--dtb", os.path.join(tmp, "nofb.dtb"), "--screenshot",
                                black, "--monitor", "unix:" + sock + "2", "--timeout-secs", "400"))
s.expect(r"MICROVM-GUEST: shell ready", timeout=360)
MonitorSocket(sock + "2").command("quit")
r = s.finish()
expect_exit(r, 0)
if "frame buffer device" in r.stdout or "simple-framebuffer" in r.stdout:
    fail("Linux found a framebuffer the device tree does not have", r)
if Counter(p for row in pixels(black) for p in row) != {BLACK: 800 * 600}:
    fail("the screen of a Linux without the framebuffer node is not black")

passed(f"Linux's fbcon on the screen: a {cols}x{rows} console, boot log {lit} lit pixels in {text_rows} rows, "
       "the text and bar where the shell wrote them")
