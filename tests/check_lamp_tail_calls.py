"""The lamp run loop's handler chain compiled to jumps: no handler calls the next one.

Every lamp handler (core_loop.cpp: CoreLoop's step, unknown and fetch_outside, which take
`(Core&, unsigned char const*, ...)` or `(Core&, unsigned int, ...)`) ends by calling the next
handler in tail position. GCC has no musttail, so nothing in the source forces that call to be a
jump; if one stays a call, every instruction through that handler grows the host stack by a frame
until the chain next ends (an interrupt, a jump with attention set), and a long guest loop overflows
it. This disassembles the lamp library and fails if a handler makes an indirect call or calls
fetch_outside, which is what a call to the next handler is.

Usage: check_lamp_tail_calls.py OBJDUMP LIBRARY
"""
import re
import subprocess
import sys

objdump, library = sys.argv[1], sys.argv[2]
# With relocations (-r): in an unlinked library a call's target is only named in the relocation
# line that follows it.
listing = subprocess.run([objdump, "-dr", "-C", "--no-show-raw-insn", library], capture_output=True,
                         text=True, check=True).stdout

header = re.compile(r"^[0-9a-f]+ <(?:void )?(microvm::lamp::CoreLoop::(step|unknown|fetch_outside)<.*)>:$")
any_header = re.compile(r"^[0-9a-f]+ <(.*)>:$")
handlers = {}  # name -> [instruction, with a call's target appended]
name = None
for line in listing.splitlines():
    if any_header.match(line):
        m = header.match(line)
        name = m.group(1) if m else None
        if name is not None:
            handlers.setdefault(name, [])
        continue
    if name is None or "\t" not in line:
        continue
    text = line.split("\t", 1)[1].strip()
    if text.startswith("R_X86_64_") and handlers[name]:
        handlers[name][-1] += " -> " + text
    else:
        handlers[name].append(text)

if len(handlers) < 150:
    sys.exit(f"check_lamp_tail_calls: found only {len(handlers)} handlers in {library}: has the signature changed?")


def calls_next(insn):
    """An indirect call (through a table), or a call of a handler or of fetch_outside."""
    if re.match(r"call\s+\*", insn):
        return True
    return insn.startswith("call") and re.search(r"-> R_X86_64_\w+\s+.*CoreLoop::(step|unknown|fetch_outside)<", insn)


calls = {n: body for n, body in handlers.items() if any(calls_next(i) for i in body)}
jumps = sum(1 for body in handlers.values() if any(re.match(r"jmp\s+\*", i) for i in body))
if calls:
    for n, body in sorted(calls.items()):
        print(f"{n}: calls the next handler instead of jumping to it:")
        for i in body:
            if calls_next(i):
                print(f"    {i}")
    sys.exit(f"check_lamp_tail_calls: {len(calls)} of {len(handlers)} handlers do not end in a jump")
if jumps < len(handlers) // 2:
    sys.exit(f"check_lamp_tail_calls: only {jumps} of {len(handlers)} handlers jump through a pointer")
print(f"{len(handlers)} lamp handlers, {jumps} end in an indirect jump, none calls the next handler")
