"""Every tutorial in docs/tutorials runs as written: its code blocks are the complete code of its
step folder (docs/tutorials/NN-name/, byte for byte), they are extracted into an empty folder, and
each `$ command` of its console blocks runs there and prints the lines shown, in order ("..."
stands for lines left out)."""
import os
import re
import shutil
import subprocess
import sys

from harness import MICROVM, SOURCE, fail, passed, rust_libs, temp_dir

TUTORIALS = os.path.join(SOURCE, "docs", "tutorials")
MICROVM_DIR = os.path.dirname(os.path.abspath(MICROVM))
# Tutorial 06 builds Rust's core library (minutes): once per build tree, shared with e2e.playground.
RUST_LIBS = rust_libs()
SOURCE_SUFFIXES = (".c", ".h", ".S", ".ld", ".cpp", ".rs", ".asm", ".inc")


def blocks(markdown):
    """(info string, body) of each fenced code block."""
    found, info, body = [], None, []
    for line in markdown.splitlines(keepends=True):
        if info is None:
            m = re.match(r"^```(.*)$", line.rstrip("\n"))
            if m:
                info, body = m.group(1).strip(), []
        elif line.rstrip("\n") == "```":
            found.append((info, "".join(body)))
            info = None
        else:
            body.append(line)
    if info is not None:
        fail("a code block is not closed")
    return found


def commands(console):
    """[(command, [expected lines])] of a console block."""
    steps = []
    for line in console.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line.rstrip())
        else:
            fail(f"a console block must start with '$ command': {line!r}")
    return steps


def check(tutorial):
    name = os.path.splitext(os.path.basename(tutorial))[0]
    folder = os.path.join(TUTORIALS, name)
    text = open(tutorial).read()
    if "\n## Exercise\n" not in text:
        fail(f"{name}: a tutorial ends with one exercise ('## Exercise')")
    files, consoles = {}, []
    for info, body in blocks(text):
        words = info.split()
        attributes = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        if "file" in attributes:
            files[attributes["file"]] = body
        elif words and words[0] == "console":
            consoles.append(body)
    if not os.path.isdir(folder):
        fail(f"{name}: no step folder {folder}")
    # The folder may be a starter kit (a link to templates/NAME): its README, project file and
    # test spec are not part of the lesson, its code is.
    in_repo = sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, names in os.walk(folder, followlinks=True)
                     for f in names if f == "Makefile" or f.endswith(SOURCE_SUFFIXES))
    if sorted(files) != in_repo:
        fail(f"{name}: the tutorial shows {sorted(files)}, the folder holds {in_repo}: show every file in full")
    for file_name, body in files.items():
        if open(os.path.join(folder, file_name)).read() != body:
            fail(f"{name}: the block for {file_name} differs from {folder}/{file_name}")
    if not consoles:
        fail(f"{name}: no console block to run")

    work = temp_dir(f"tutorial-{name}-")
    for file_name, body in files.items():
        os.makedirs(os.path.dirname(os.path.join(work, file_name)), exist_ok=True)
        with open(os.path.join(work, file_name), "w") as f:
            f.write(body)
    env = dict(os.environ, PATH=MICROVM_DIR + os.pathsep + os.environ.get("PATH", ""), RUST_LIBS=RUST_LIBS)
    env.pop("MICROVM", None)  # a reader's Makefile finds microvm on PATH, as the tutorial shows
    for console in consoles:
        for command, expected in commands(console):
            proc = subprocess.run(["sh", "-c", command], cwd=work, env=env, capture_output=True, timeout=1200,
                                  stdin=subprocess.DEVNULL)
            out = proc.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
            if proc.returncode != 0:
                fail(f"{name}: `{command}` exited with {proc.returncode}\n{out}\n{proc.stderr.decode()}")
            actual = [line.rstrip() for line in out.splitlines()]
            position = 0
            for line in expected:
                if line == "...":  # lines left out of the tutorial (they vary from run to run)
                    continue
                while position < len(actual) and actual[position] != line:
                    position += 1
                if position == len(actual):
                    fail(f"{name}: `{command}` did not print (in order) {line!r}; it printed:\n{out}")
                position += 1
    # A debugger session's microvm may still be removing its socket as it exits.
    shutil.rmtree(work, ignore_errors=True)
    print(f"ok: {name}")


# Arguments (e.g. `06 07`) check only the tutorials whose names start with them, while writing one.
tutorials = sorted(os.path.join(TUTORIALS, f) for f in os.listdir(TUTORIALS) if re.match(r"^\d\d-.*\.md$", f)
                   and (len(sys.argv) < 2 or any(f.startswith(a) for a in sys.argv[1:])))
if not tutorials:
    fail("no tutorials found")
for t in tutorials:
    check(t)

# Tutorial 6 is tutorial 5's kernel in Rust: what they show `microvm run` print is the same, apart
# from the banner and the page table's address (satp).


def run_lines(tutorial):
    for info, body in blocks(open(os.path.join(TUTORIALS, tutorial)).read()):
        for command, expected in commands(body) if info.split()[:1] == ["console"] else []:
            if command == "microvm run --kernel kernel.elf":
                return [line for line in expected if line.startswith(("[sched]", "[kernel]", "[Task", "..."))]
    fail(f"{tutorial}: no `microvm run --kernel kernel.elf`")


c_lines, rust_lines = run_lines("05-scheduler.md"), run_lines("06-rust.md")
if len(c_lines) < 5 or c_lines != rust_lines:
    fail(f"tutorial 6 shows its kernel printing {rust_lines}, tutorial 5 {c_lines}")
passed(f"{len(tutorials)} tutorials")
