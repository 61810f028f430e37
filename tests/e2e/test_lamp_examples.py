"""The example programs in guests/lamp (assembled at build time by lamp-asm) print exactly what they
should; the framebuffer example is checked through --screenshot, the disk example through the image."""
import os
import tempfile

from harness import run, fail, passed, expect_exit, BUILD
from png import read_png_rgb, pixel

EXAMPLES = os.path.join(BUILD, "guests", "lamp")


def guest_output(result):
    """What the guest printed: the lines between the loader's last line and the final line."""
    out = result.stdout
    start = out.find("Loaded VM. Starting execution.\n")
    end = out.rfind("Execution complete in ")
    if start < 0 or end < 0:
        fail("no loader/complete lines", result)
    return out[start + len("Loaded VM. Starting execution.\n"):end]


def run_example(name, *args, expected=None):
    r = run(["lamp", "--bin", os.path.join(EXAMPLES, name + ".bin"), "--headless", *args], timeout=60)
    expect_exit(r, 0)
    if expected is not None and guest_output(r) != expected:
        fail(f"{name}: output differs; expected:\n{expected}", r)
    return r


r = run_example("hello", expected="Hello from Polaris!\n")
if "Execution complete in 107 cycles." not in r.stdout:
    fail("hello: expected exactly 107 instructions", r)
if not r.stdout.startswith("Loaded program from ") or "Loaded data: 21 bytes.\n" not in r.stdout:
    fail("hello: loader lines", r)

run_example("arith", expected=(
    "7 * 6 = 42\n"
    "-7 / 2 = 0xfffffffd\n"
    "-7 % 2 = 0xffffffff\n"
    "shifts: 0xfffffffc 0x00000001 0x00000003\n"
    "3 - 5 carry: yes\n"
    "0x7fffffff + 1: JL taken\n"
    "ftoi(7.0 * 0.5) = 3\n"
    "ftoi(2^31) = 0\n"))

r = run_example("spinlock", "--smp", "4", expected="locked counter: 8000\nxadd counter: 8000\n")
if "SMP mode enabled: 4 cores" not in r.stdout:
    fail("spinlock: SMP line", r)

run_example("timer", expected="timer: 5 ticks\nhandler vector: 4\n")
run_example("div0", expected="divide by zero trapped\nr7 after div: 99\ndivide by zero trapped\ntraps: 2\n")

# The translator (the default) and the interpreter (--jit off) agree on the single-core examples,
# instruction counts included ("Execution complete in N cycles").
for name in ("hello", "arith", "div0", "fb"):
    translated, interpreted = run_example(name), run_example(name, "--jit", "off")
    if translated.stdout != interpreted.stdout:
        fail(f"{name}: --jit off prints otherwise:\n{interpreted.stdout}", translated)

SYSINFO = ("magic: 0x31494d56\nvendor: LampVM\nmemory bytes: 67108864\ncores: {cores}\nlayout version: 2\n"
           "page size: 4096\nfeatures: {features}\nframebuffer: 640x480x4 stride 2560\n")
run_example("sysinfo", expected=SYSINFO.format(cores=1, features="0x000000f7"))
run_example("sysinfo", "--smp", "2", expected=SYSINFO.format(cores=2, features="0x000000ff"))

with tempfile.TemporaryDirectory() as tmp:
    image = os.path.join(tmp, "disk.img")
    with open(image, "wb") as f:
        f.write(b"LAMP disk sector zero\n\0".ljust(64 * 1024, b"\0"))
    run_example("disk", "--disk", image, expected="sector 0: LAMP disk sector zero\nreadback ok\n")
    with open(image, "rb") as f:
        f.seek(512)
        sector1 = f.read(512)
    want = b"written by the lamp disk example\n".ljust(512, b"Z")
    if sector1 != want:
        fail(f"disk: LBA 1 holds {sector1[:40]!r}...")
    if os.listdir(tmp) != ["disk.img"]:
        fail(f"disk: unexpected files {os.listdir(tmp)}")

    shot = os.path.join(tmp, "fb.png")
    run_example("fb", "--screenshot", shot, expected="")
    width, height, rows = read_png_rgb(shot)
    if (width, height) != (640, 480):
        fail(f"fb: screenshot is {width}x{height}")
    checks = {(0, 0): (0x10, 0x20, 0x40), (639, 479): (0x10, 0x20, 0x40), (100, 100): (255, 0, 0),
              (199, 149): (255, 0, 0), (200, 149): (0x10, 0x20, 0x40), (150, 99): (0x10, 0x20, 0x40),
              (0, 300): (0, 255, 0), (639, 300): (0, 255, 0), (5, 301): (0x10, 0x20, 0x40),
              (10, 10): (255, 255, 255), (11, 10): (0x10, 0x20, 0x40)}
    for (x, y), want in checks.items():
        if pixel(rows, x, y) != want:
            fail(f"fb: pixel ({x},{y}) is {pixel(rows, x, y)}, expected {want}")

passed("lamp examples")
