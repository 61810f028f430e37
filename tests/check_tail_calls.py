"""The handler chain compiled to jumps: no instruction handler calls the next one.

A block runs as a chain of handlers, each ending in a tail call through the next slot's `fn`
(exec_common.h). GCC has no musttail, so nothing in the source forces the call to be a jump; if
it stays a call, every block grows the host stack by one frame per instruction and runs slower.
This disassembles the RISC-V library and fails if any handler (a function taking
`(Hart&, Insn const&)`) makes an indirect call, which is what a call to the next handler is.

Usage: check_tail_calls.py OBJDUMP LIBRARY
"""
import re
import subprocess
import sys

objdump, library = sys.argv[1], sys.argv[2]
listing = subprocess.run([objdump, "-d", "-C", "--no-show-raw-insn", library], capture_output=True,
                         text=True, check=True).stdout

HANDLER = "(microvm::riscv::Hart&, microvm::riscv::Insn const&)"
header = re.compile(r"^[0-9a-f]+ <(.*)>:$")
handlers = {}
name = None
for line in listing.splitlines():
    m = header.match(line)
    if m:
        name = m.group(1) if m.group(1).endswith(HANDLER) else None
        if name is not None:
            handlers.setdefault(name, [])
        continue
    if name is not None and "\t" in line:
        handlers[name].append(line.split("\t", 1)[1].strip())

if len(handlers) < 100:
    sys.exit(f"check_tail_calls: found only {len(handlers)} handlers in {library}: has the signature changed?")

calls = {n: body for n, body in handlers.items() if any(re.match(r"call\s+\*", i) for i in body)}
jumps = sum(1 for body in handlers.values() if any(re.match(r"jmp\s+\*", i) for i in body))
if calls:
    for n, body in sorted(calls.items()):
        print(f"{n}: calls the next handler instead of jumping to it:")
        for i in body:
            if re.match(r"call\s+\*", i):
                print(f"    {i}")
    sys.exit(f"check_tail_calls: {len(calls)} of {len(handlers)} handlers do not end in a jump")
if jumps < len(handlers) // 2:
    sys.exit(f"check_tail_calls: only {jumps} of {len(handlers)} handlers jump through a pointer")
print(f"{len(handlers)} handlers, {jumps} end in an indirect jump, none calls the next handler")
