"""The riscv machine's screen: with --screenshot (or --display sdl) the device tree has a reserved
simple-framebuffer at the top of RAM; a bare-metal kernel finds it there and draws, and the PNG the
run saves holds exactly its picture. Without those options there is no screen."""
import os
import re
import subprocess
from collections import Counter

from harness import BUILD, MICROVM, run, expect_exit, expect_regex, fail, passed, temp_dir
from png import read_png_rgb, pixel

KERNEL = os.path.join(BUILD, "guests", "screen", "kernel.elf")
tmp = temp_dir("microvm-screen-")

for memory, base in ((128, 0x87E00000), (64, 0x83E00000)):
    shot = os.path.join(tmp, f"screen-{memory}.png")
    r = run(["run", "-k", KERNEL, "--memory", str(memory), "--screenshot", shot, "--timeout-secs", "60"])
    expect_exit(r, 0)
    expect_regex(r, rf"^screen at {base:#x}, 800x600, stride 3200$")
    expect_regex(r, r"^drawn$")
    width, height, rows = read_png_rgb(shot)
    if (width, height) != (800, 600):
        fail(f"screenshot is {width}x{height}, expected 800x600")
    counts = Counter(pixel(rows, x, y) for y in range(height) for x in range(width))
    # Four quarters of 400x300, each less the 50x50 corner of the 100x100 black square.
    expected = {(255, 0, 0): 117500, (0, 255, 0): 117500, (0, 0, 255): 117500, (255, 255, 255): 117500,
                (0, 0, 0): 10000}
    if dict(counts) != expected:
        fail(f"--memory {memory}: pixel counts {dict(counts.most_common(8))}, expected {expected}")
    if pixel(rows, 0, 0) != (255, 0, 0) or pixel(rows, 799, 599) != (255, 255, 255) or pixel(rows, 400, 300) != (0, 0, 0):
        fail("the quarters are not where the kernel drew them")

# A snapshot keeps the screen: saved before the kernel finished drawing, restored with --screenshot,
# the picture is complete; a snapshot of a machine without a screen refuses --screenshot.
snap = os.path.join(tmp, "screen.snap")
r = run(["run", "-k", KERNEL, "--deterministic", "--display", "none", "--screenshot", os.path.join(tmp, "early.png"),
         "--save-snapshot", snap, "--save-snapshot-at", "200000"])
expect_exit(r, 0)
restored = os.path.join(tmp, "restored.png")
r = run(["run", "--load-snapshot", snap, "--screenshot", restored, "--timeout-secs", "60"])
expect_exit(r, 0)
expect_regex(r, r"^drawn$")
_, _, rows = read_png_rgb(restored)
restored_counts = dict(Counter(pixel(rows, x, y) for y in range(600) for x in range(800)))
if restored_counts != expected:
    fail(f"the restored machine's screen holds {restored_counts}, expected the finished picture {expected}")
plain_snap = os.path.join(tmp, "plain.snap")
r = run(["run", "--example", "minimal-kernel", "--save-snapshot", plain_snap, "--save-snapshot-at", "30000"])
expect_exit(r, 0)
r = run(["run", "--load-snapshot", plain_snap, "--screenshot", os.path.join(tmp, "none.png")])
expect_exit(r, 1)
expect_regex(r, r"^microvm: error: --display and --screenshot need a screen, and the restored machine has none$",
             "stderr")

# The device tree: the screen node and its reservation with --screenshot, nothing without.
dts = run(["dts", "-k", KERNEL, "--screenshot", os.path.join(tmp, "unused.png")])
expect_exit(dts, 0)
for pattern in (r"framebuffer@87e00000 \{\s*compatible = \"simple-framebuffer\";",
                r"width = <0x320>;", r"height = <0x258>;", r"stride = <0xc80>;", r"format = \"a8r8g8b8\";",
                r"reserved-memory \{[^}]*framebuffer@87e00000 \{\s*reg = <0x0 0x87e00000 0x0 0x200000>;\s*no-map;"):
    if not re.search(pattern, dts.stdout):
        fail(f"the device tree lacks {pattern}", dts)
plain = run(["dts", "-k", KERNEL])
if "framebuffer" in plain.stdout:
    fail("a machine without --display or --screenshot has a framebuffer node", plain)
r = run(["run", "-k", KERNEL, "--timeout-secs", "60"])
expect_exit(r, 0)
expect_regex(r, r"^no screen in the device tree$")

# --display sdl where there is no display: one line says so, and the machine still has its screen.
env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
proc = subprocess.run([MICROVM, "run", "-k", KERNEL, "--display", "sdl", "--timeout-secs", "60"], env=env,
                      capture_output=True, text=True, timeout=90)
if proc.returncode != 0 or "drawn" not in proc.stdout or "the screen runs headless" not in proc.stderr:
    fail(f"--display sdl without a display: status {proc.returncode}, stdout {proc.stdout!r}, stderr {proc.stderr!r}")

# A kernel may not be loaded over the screen; mistakes are one clear line.
r = run(["run", "-k", KERNEL, "--display", "vga"])
expect_exit(r, 1)
expect_regex(r, r"^microvm: error: --display vga: give sdl or none$", "stderr")
r = run(["run", "-k", KERNEL, "--screenshot", "/nonexistent/dir/x.png"])
expect_exit(r, 1)
expect_regex(r, r"^microvm: error: --screenshot /nonexistent/dir/x.png: no folder /nonexistent/dir$", "stderr")
raw = os.path.join(tmp, "raw.bin")
with open(raw, "wb") as f:
    f.write(b"\x13\x00\x00\x00" * 16)
r = run(["run", "-k", raw, "--load-addr", "0x87f00000", "--screenshot", os.path.join(tmp, "x.png")])
expect_exit(r, 1)
expect_regex(r, r"^microvm: error: .* overlaps the screen", "stderr")
passed("screen: simple-framebuffer found in the device tree, drawn, and saved by --screenshot")
