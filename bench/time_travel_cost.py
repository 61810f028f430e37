#!/usr/bin/env python3
"""What reverse debugging costs a run that never goes back: the Linux smoke boot on a
--deterministic machine, plain and with `--gdb` (which turns on time travel's checkpoints and
exact turns; no GDB attaches), rounds alternating. Prints the medians and the ratio (issue #10
asks for under 1.5x). `--stepped` adds a third run, `--gdb` with MICROVM_EXACT_BLOCKS=1: exact
turns stepped an instruction at a time by the interpreter, which is how they ran before the
translator kept them (so one run of the bench shows before and after under the same load).

    bench/time_travel_cost.py [--rounds N] [--cpus N] [--checkpoint-every N] [--stepped] [--microvm PATH]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from guest_images import find_images

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def boot(args, image, initrd, extra, env=None):
    cmd = [args.microvm, "run", "--deterministic", "--cpus", str(args.cpus), "--kernel", image, "--initrd",
           initrd, "--cmdline", "console=ttyS0 microvm.test=smoke", "--timeout-secs", "900"] + extra
    start = time.monotonic()
    out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         env=dict(os.environ, **(env or {})))
    took = time.monotonic() - start
    if out.returncode != 0 or "test smoke exit=0" not in out.stdout:
        sys.exit(f"the boot failed ({' '.join(cmd)}):\n{out.stdout[-1500:]}\n{out.stderr[-1500:]}")
    return took


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cpus", type=int, default=1)
    parser.add_argument("--checkpoint-every", type=int, default=20_000_000)
    parser.add_argument("--stepped", action="store_true",
                        help="also time --gdb with exact turns stepped by the interpreter (as before)")
    parser.add_argument("--microvm", default=os.path.join(ROOT, "build", "release", "microvm"))
    args = parser.parse_args()
    image, initrd = find_images()
    plain, travel, stepped = [], [], []
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            loads.append(os.getloadavg()[0])
            plain.append(boot(args, image, initrd, []))
            gdb = ["--checkpoint-every", str(args.checkpoint_every), "--gdb"]
            travel.append(boot(args, image, initrd, gdb + ["unix:" + os.path.join(tmp, f"gdb{r}.sock")]))
            if args.stepped:
                stepped.append(boot(args, image, initrd, gdb + ["unix:" + os.path.join(tmp, f"step{r}.sock")],
                                    env={"MICROVM_EXACT_BLOCKS": "1"}))
    loads.append(os.getloadavg()[0])
    p, t = statistics.median(plain), statistics.median(travel)
    print(f"Linux smoke boot, --deterministic, {args.cpus} hart(s), median of {args.rounds} "
          f"(load {min(loads):.1f}-{max(loads):.1f}):")
    print(f"  plain                          {p:7.2f} s")
    print(f"  with checkpoints every {args.checkpoint_every:>9,}  {t:7.2f} s   ratio {t / p:.2f}x")
    if stepped:
        s = statistics.median(stepped)
        print(f"  the same, turns stepped        {s:7.2f} s   ratio {s / p:.2f}x")


if __name__ == "__main__":
    main()
