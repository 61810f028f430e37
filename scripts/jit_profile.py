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
    """The map's lines as generations: the shared code (microvm_jit_enter_exit) is written again
    each time the cache starts over (a flush, or new register maps), so a generation's blocks never
    overlap each other but may overlap an earlier generation's."""
    generations = []
    with open(path) as f:
        for line in f:
            start, size, name = line.split(maxsplit=2)
            name = name.strip()
            if name == "microvm_jit_enter_exit" or not generations:
                generations.append([])
            generations[-1].append((int(start, 16), int(size, 16), name))
    return [sorted(g) for g in generations]


def find_block(generations, ip):
    """The block holding ip, the latest generation first (perf.data's samples carry times, the map
    does not, so a sample from an earlier generation is named after a later one's code there)."""
    for blocks in reversed(generations):
        i = bisect.bisect_right(blocks, (ip, float("inf"), "")) - 1
        if i >= 0 and ip < blocks[i][0] + blocks[i][1]:
            return blocks[i]
    return None


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
    generations = read_map(args.map)
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
        block = find_block(generations, ip) if "microvm-jit" in line else None
        if block:
            translated += 1
            name = block[2]
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
