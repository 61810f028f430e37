#!/usr/bin/env python3
"""Does an idle debugger cost the lamp machine anything? Runs the CPU-bound loop of cpu_loop.asm on
one core three ways: plain, with the GDB stub listening (--gdb unix:PATH), and with a client attached
that continues at once and then waits (gdb-multiarch has no Polaris architecture, so the client
speaks the remote protocol itself). Prints the median CPU and wall time of each (5 runs, taken in
turns so that a change in the machine's load hits every way alike) and the ratios to the plain run.

Usage: gdb_idle.py MICROVM [ITERATIONS]
"""
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def packet(payload):
    data = payload.encode()
    return b"$" + data + b"#%02x" % (sum(data) % 256)


def run(microvm, binary, how, tmp):
    args = [microvm, "lamp", "--headless", "--bin", binary]
    sock = os.path.join(tmp, "gdb.sock")
    if how != "plain":
        args += ["--gdb", "unix:" + sock]
    if how == "attached":
        args.append("--gdb-wait")
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    if how == "attached":
        while not os.path.exists(sock):
            time.sleep(0.01)
        client = socket.socket(socket.AF_UNIX)
        client.connect(sock)
        client.sendall(packet("QStartNoAckMode"))
        client.recv(4096)  # "+$OK#.."
        client.sendall(packet("vCont;c"))
        reply = b""
        while b"W00" not in reply:
            chunk = client.recv(4096)
            if not chunk:
                break
            reply += chunk
        client.close()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit(f"{how}: exit status {status}")
    return usage.ru_utime + usage.ru_stime, time.perf_counter() - start


def main():
    microvm = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000_000
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cpu_loop.asm")
    print("load average at the start: {:.2f} {:.2f} {:.2f} ({} CPUs)".format(*os.getloadavg(), os.cpu_count()))
    ways = ["plain", "stub listening", "attached"]
    times = {way: [] for way in ways}
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "cpu_loop.bin")
        subprocess.run([microvm, "lamp-asm", source, "-o", binary, "-D", f"ITER={iterations}"], check=True)
        for _ in range(5):
            for way in ways:
                times[way].append(run(microvm, binary, way, tmp))
    base_cpu = statistics.median(t[0] for t in times["plain"])
    base_wall = statistics.median(t[1] for t in times["plain"])
    for way in ways:
        cpu = statistics.median(t[0] for t in times[way])
        wall = statistics.median(t[1] for t in times[way])
        print(f"{way:15}: CPU {cpu:.3f} s ({cpu / base_cpu:.2f}x), wall {wall:.3f} s ({wall / base_wall:.2f}x), "
              f"{iterations * 6 / cpu / 1e6:.0f} MIPS per CPU second")


if __name__ == "__main__":
    main()
