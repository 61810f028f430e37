"""gdb-multiarch against a 4-hart guest (guests/smp): four threads, switching between them, a
breakpoint any hart can hit, a memory write that changes what every hart does, and Ctrl-C
stopping four spinning harts. The stub here listens on TCP (127.0.0.1)."""
import os
import re
import socket

from gdbharness import Machine, run_gdb, symbol
from harness import BUILD, fail, passed

ELF = os.path.join(BUILD, "guests", "smp", "smp_test_4.elf")
hart_main = symbol(ELF, "hart_main")


def expect(pattern, output, what):
    match = re.search(pattern, output, re.MULTILINE)
    if not match:
        fail(f"{what}: no match for {pattern!r} in gdb's output:\n{output}")
    return match


# A free port: bind to 0, note the port, close (the stub binds it again at once).
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()

m = Machine(["--cpus", "4", "--kernel", ELF, "--timeout-secs", "120"], tcp_port=port)
out = run_gdb([
    f"target remote 127.0.0.1:{port}",
    "info threads",
    "break hart_main",
    "continue",
    "echo @stopped-thread=\n", "p $_thread",
    "delete",
    "thread 4",
    "echo @hart3=\n", "p $mhartid",
    "thread 2",
    "echo @hart1=\n", "p $mhartid",
    # Every hart adds 1 to `arrived` and waits for it to be 4: from 1000 they wait forever.
    "set var arrived = 1000",
    "echo @spin\n",
    "continue",
    "echo @arrived=\n", "p arrived",
    "info threads",
    "kill",
], elf=ELF, interrupt_after="@spin")
m.finish()

for hart in range(4):
    expect(rf"^[ *] {hart + 1}\s+Thread {hart + 1} \(hart {hart}, M-mode", out, f"info threads lists hart {hart}")
expect(r"Thread \d+ hit Breakpoint 1, (0x[0-9a-f]+ in )?hart_main \(", out, "a hart stops at hart_main")
expect(r"@hart3=\n\$\d+ = 3$", out, "thread 4 is hart 3")
expect(r"@hart1=\n\$\d+ = 1$", out, "thread 2 is hart 1")
expect(r"received signal SIGINT, Interrupt", out, "Ctrl-C stops the spinning harts")
expect(r"@arrived=\n\$\d+ = 1004$", out, "all four harts ran on from the value gdb wrote")
passed("gdb on a 4-hart guest")
