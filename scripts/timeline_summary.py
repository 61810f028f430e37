#!/usr/bin/env python3
"""What a `microvm run --timeline FILE` trace says, in the terminal: per hart, the time idle in WFI
and stopped, the interrupts taken, IPIs sent, remote fences waited for, and the address spaces
(processes, for a Linux guest) it ran by busy time; with --bins, which address spaces each hart
ran in each slice of time, which is how a guest's placement of its processes shows (two pipelines
on two harts, or split across them).

    scripts/timeline_summary.py [--from MS] [--to MS] [--bins MS] [--top N] FILE

Times are the host's, in ms from the trace's start. An address space's busy time leaves out the
hart's idle and stopped spans inside it: a Linux hart going idle keeps the last process's page
table (the idle task borrows it), so the span alone would count the idle time as that process's.
A sleep "woken while spinning" ended before the hart blocked (microvm's halt polling: a hart in
WFI spins up to 200 us first when wake-ups have been coming that soon).
"""
import argparse
import collections
import json
import sys


def fail(message):
    sys.exit(f"timeline_summary.py: {message}")


def load(path):
    try:
        with open(path) as f:
            data = json.load(f)
        events = data["traceEvents"]
        names = {e["tid"]: e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    except (ValueError, KeyError, TypeError):
        fail(f"{path} is not a trace written by microvm run --timeline")
    harts = sorted(tid // 2 for tid in names if tid % 2 == 0)
    if not harts:
        fail(f"{path} has no harts")
    return [e for e in events if e.get("ph") in ("X", "i")], harts, data.get("otherData", {})


def clip(event, start, end):
    """The part of an event inside [start, end] as (from, to) in us, or None."""
    a = event["ts"]
    b = a + event.get("dur", 0)
    if b < start or a > end:
        return None
    return max(a, start), min(b, end)


def subtract(span, holes):
    """span's length less its overlap with the sorted, disjoint `holes`."""
    a, b = span
    left = b - a
    for h0, h1 in holes:
        if h0 >= b:
            break
        if h1 > a:
            left -= min(b, h1) - max(a, h0)
    return left


def hart_summary(events, hart, start, end, top):
    mine = [e for e in events if e["tid"] == 2 * hart]
    spaces = [e for e in events if e["tid"] == 2 * hart + 1]
    resting = collections.defaultdict(lambda: [0.0, 0])  # "idle (wfi)" / "stopped": [us, count]
    holes, fences, spun = [], [0, 0.0], 0
    for e in mine:
        part = clip(e, start, end)
        if e["ph"] != "X" or part is None:
            continue
        if e["name"] in ("idle (wfi)", "stopped"):
            resting[e["name"]][0] += part[1] - part[0]
            resting[e["name"]][1] += 1
            spun += bool(e.get("args", {}).get("spun"))
            holes.append(part)
        elif e["name"].startswith("remote fence"):
            fences[0] += 1
            fences[1] += part[1] - part[0]
    holes.sort()
    instants = collections.Counter(e["name"] for e in mine if e["ph"] == "i" and start <= e["ts"] <= end)
    busy = collections.defaultdict(lambda: [0.0, 0])
    for e in spaces:
        part = clip(e, start, end)
        if part is not None:
            busy[e["name"]][0] += subtract(part, holes)
            busy[e["name"]][1] += 1
    total = sum(us for us, _ in busy.values())
    lines = [f"hart {hart}: busy {total / 1e3:.1f} ms, idle (wfi) {resting['idle (wfi)'][0] / 1e3:.1f} ms in "
             f"{resting['idle (wfi)'][1]} sleeps ({spun} woken while spinning), stopped "
             f"{resting['stopped'][0] / 1e3:.1f} ms"]
    # Most taken first, then by cause.
    taken = sorted((k for k in instants if k.startswith("interrupt")), key=lambda k: (-instants[k], int(k.split()[1])))
    lines.append("  interrupts: " + (", ".join(f"{k} x{instants[k]}" for k in taken) or "none"))
    sent = sorted(k for k in instants if k.startswith("IPI"))
    if sent:
        lines.append("  IPIs sent: " + ", ".join(f"{k[4:]} x{instants[k]}" for k in sent))
    if fences[0]:
        lines.append(f"  remote fences: {fences[0]}, {fences[1] / 1e3:.2f} ms waiting")
    ranked = sorted(busy.items(), key=lambda kv: -kv[1][0])
    if ranked:
        lines.append(f"  address spaces by busy time ({len(ranked)} in all):")
        for name, (us, n) in ranked[:top]:
            lines.append(f"    {us / 1e3:9.1f} ms  {n:6} times  {name}")
    return lines


def bins_table(events, harts, start, end, width):
    """One row per `width` us: each hart's busiest address spaces in it, and its idle time."""
    rows = []
    at = start
    while at < end:
        cells = []
        for hart in harts:
            idle, busy = 0.0, collections.Counter()
            for e in events:
                if e["ph"] != "X" or e["tid"] // 2 != hart:
                    continue
                part = clip(e, at, min(at + width, end))
                if part is None:
                    continue
                if e["tid"] % 2:
                    busy[e["name"]] += part[1] - part[0]
                elif e["name"] in ("idle (wfi)", "stopped"):
                    idle += part[1] - part[0]
            parts = [f"{name.replace('page table ', '')} {us / 1e3:.1f}" for name, us in busy.most_common(2)]
            if idle >= 1:
                parts.append(f"idle {idle / 1e3:.1f}")
            cells.append(", ".join(parts) or "-")
        rows.append((f"{at / 1e3:9.1f} ms | " + " | ".join(f"h{h} {c:<36}" for h, c in zip(harts, cells))).rstrip())
        at += width
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--from", dest="start", type=float, default=0.0, help="start of the window, ms")
    parser.add_argument("--to", dest="end", type=float, help="end of the window, ms (default: the trace's end)")
    parser.add_argument("--bins", type=float, help="also a table of each hart's address spaces per slice of MS")
    parser.add_argument("--top", type=int, default=8, help="address spaces listed per hart")
    args = parser.parse_args()
    events, harts, other = load(args.file)
    last = max((e["ts"] + e.get("dur", 0) for e in events), default=0.0)
    start = args.start * 1e3
    end = last if args.end is None else args.end * 1e3
    if end <= start:
        fail(f"the window {args.start}-{end / 1e3} ms is empty (the trace ends at {last / 1e3:.1f} ms)")
    print(f"{len(harts)} hart{'' if len(harts) == 1 else 's'}, {start / 1e3:.1f} to {end / 1e3:.1f} ms")
    if other.get("dropped_events"):
        print(f"note: {other['dropped_events']} events were left out when the trace was written")
    for hart in harts:
        print("\n".join(hart_summary(events, hart, start, end, args.top)))
    if args.bins:
        if args.bins <= 0:
            fail("--bins takes a positive number of ms")
        print("\n".join(bins_table(events, harts, start, end, args.bins * 1e3)))


if __name__ == "__main__":
    main()
