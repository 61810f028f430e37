#!/usr/bin/env python3
"""Where a translated run's time goes: `perf` samples in translated code, by guest block.

perf cannot name the code microvm's translator writes (it runs from a memfd mapping, which perf
does not look up in a perf map), so this script does: run microvm with MICROVM_JIT_PERF_MAP=1
under `perf record`, then give it the perf.data and the /tmp/perf-<pid>.map microvm wrote.

    MICROVM_JIT_PERF_MAP=1 perf record -o perf.data -- microvm run --kernel guest.elf
    scripts/jit_profile.py perf.data /tmp/perf-<pid>.map [--elf guest.elf | --system-map System.map] [--top N]

Prints the share of samples in translated code, and the top guest blocks (with the guest function
when an ELF or System.map names it) and host functions together.
"""
import argparse
import bisect
import collections
import subprocess
import sys


def read_map(path):
    blocks = []
    with open(path) as f:
        for line in f:
            start, size, name = line.split(maxsplit=2)
            blocks.append((int(start, 16), int(size, 16), name.strip()))
    # A flushed cache reuses addresses: a later line covering an address replaces an earlier one,
    # so keep file order within equal starts and let bisect pick the last.
    order = sorted(range(len(blocks)), key=lambda i: (blocks[i][0], i))
    return [blocks[i] for i in order]


def guest_symbols(args):
    symbols = []
    if args.elf:
        out = subprocess.run(["nm", "-n", "--defined-only", args.elf], capture_output=True, text=True, check=True)
        lines = out.stdout.splitlines()
    elif args.system_map:
        with open(args.system_map) as f:
            lines = f.read().splitlines()
    else:
        return []
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[1].lower() in ("t", "w"):
            symbols.append((int(parts[0], 16), parts[2]))
    symbols.sort()
    return symbols


def name_guest(symbols, pc):
    i = bisect.bisect_right(symbols, (pc, "\uffff")) - 1
    return f"{symbols[i][1]}+{pc - symbols[i][0]:#x}" if i >= 0 else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("map")
    parser.add_argument("--elf")
    parser.add_argument("--system-map")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    blocks = read_map(args.map)
    starts = [b[0] for b in blocks]
    symbols = guest_symbols(args)
    script = subprocess.run(["perf", "script", "-G", "-i", args.data, "-F", "ip,sym,dso"], capture_output=True, text=True)
    if script.returncode != 0:
        sys.exit(f"perf script failed: {script.stderr.strip()}")
    counts = collections.Counter()
    total = translated = 0
    for line in script.stdout.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        total += 1
        ip = int(parts[0], 16)
        i = bisect.bisect_right(starts, ip) - 1
        if "microvm-jit" in line and i >= 0 and ip < blocks[i][0] + blocks[i][1]:
            translated += 1
            name = blocks[i][2]
            if name.startswith("guest_"):
                pc = int(name[6:], 16)
                name = f"guest {pc:#x} {name_guest(symbols, pc)}".rstrip()
            counts[name] += 1
        else:
            counts["host " + (" ".join(parts[1:-1]) or parts[-1])] += 1
    if total == 0:
        sys.exit("no samples in " + args.data)
    print(f"{total} samples, {100 * translated / total:.1f}% in translated code")
    for name, n in counts.most_common(args.top):
        print(f"{100 * n / total:6.2f}%  {name}")


if __name__ == "__main__":
    main()
