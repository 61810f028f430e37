"""The Debian package: built by CPack from the build tree, unpacked into an empty directory tree
(as dpkg would install it, without touching the system), and the example kernel booted from the
installed files. Also: the man pages and completions in it match the option definitions."""
import os
import re
import subprocess
import tempfile

from harness import BUILD, MICROVM, fail, run

with tempfile.TemporaryDirectory() as tmp:
    built = subprocess.run(["cpack", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", tmp],
                           capture_output=True, text=True, timeout=600)
    if built.returncode != 0:
        fail("cpack failed:\n" + built.stdout[-3000:] + built.stderr[-3000:])
    debs = [f for f in os.listdir(tmp) if f.endswith(".deb")]
    if len(debs) != 1 or not re.fullmatch(r"microvm_[0-9.]+_amd64\.deb", debs[0]):
        fail(f"expected one microvm_VERSION_amd64.deb, got {debs}")
    deb = os.path.join(tmp, debs[0])

    # Runtime libraries only: no -dev packages, and the ones the binary links.
    depends = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], capture_output=True, text=True).stdout.strip()
    packages = [d.strip().split(" ")[0] for d in depends.split(",") if d.strip()]
    if any(p.endswith("-dev") for p in packages):
        fail(f"the package depends on a -dev package: {depends}")
    for needed in ("libc6", "libfdt1", "libslirp0", "libpng16-16"):
        if needed not in packages:
            fail(f"Depends lacks {needed}: {depends}")

    root = os.path.join(tmp, "root")
    subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    listing = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True).stdout
    for path in ("./usr/bin/microvm", "./usr/bin/lampvm", "./usr/share/man/man1/microvm.1",
                 "./usr/share/man/man1/lampvm.1", "./usr/share/bash-completion/completions/microvm",
                 "./usr/share/zsh/vendor-completions/_microvm", "./usr/share/doc/microvm/README.md",
                 "./usr/share/microvm/examples/minimal-kernel/kernel.c",
                 "./usr/share/microvm/examples/minimal-kernel/kernel.elf", "./usr/bin/microvm-init.sh",
                 "./usr/share/microvm/templates/c/Makefile", "./usr/share/microvm/templates/sbi/Makefile"):
        if path not in listing:
            fail(f"{path} is not in the package:\n{listing}")

    installed = os.path.join(root, "usr", "bin", "microvm")
    result = run(["run", "--example", "minimal-kernel"], binary=installed, timeout=60)
    if result.returncode != 0 or "all tasks exited" not in result.stdout:
        fail("the installed microvm did not boot the example", result)
    elf = os.path.join(root, "usr", "share", "microvm", "examples", "minimal-kernel", "kernel.elf")
    result = run(["run", "--kernel", elf], binary=installed, timeout=60)
    if result.returncode != 0 or "Hello from my OS!" not in result.stdout:
        fail("the installed prebuilt example did not boot", result)

    # The installed microvm finds its own starter kits (relative to the executable).
    project = os.path.join(tmp, "hello")
    env = {k: v for k, v in os.environ.items() if k != "MICROVM_TEMPLATES"}
    init = subprocess.run([installed, "init", project, "--template", "sbi"], capture_output=True, text=True, env=env)
    if init.returncode != 0 or not os.path.isfile(os.path.join(project, "Makefile")):
        fail("the installed microvm init failed: " + init.stdout + init.stderr)

    version = run(["--version"], binary=installed)
    if not re.fullmatch(r"microvm \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(-modified)?|unknown)\)\n", version.stdout):
        fail("unexpected --version", version)
    if version.stdout != run(["--version"]).stdout:
        fail("the installed and the build-tree microvm differ in --version", version)

    # The man page lists every option `--help` does, command by command.
    man = open(os.path.join(root, "usr", "share", "man", "man1", "microvm.1")).read().replace("\\-", "-")
    for command in ("run", "dts", "lamp"):
        helptext = run([command, "--help"]).stdout
        for option in set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", helptext)):
            if f"\\fB{option}\\fR" not in man:
                fail(f"`microvm {command} --help` has {option} but the man page does not")
    rendered = subprocess.run(["man", "-l", "-Tutf8", os.path.join(root, "usr/share/man/man1/microvm.1")],
                              capture_output=True, text=True,
                              env={**os.environ, "MANWIDTH": "100", "LC_ALL": "C.UTF-8"})
    if rendered.returncode != 0 or "--kernel" not in rendered.stdout.replace("\u2010", "-"):
        fail("man -l could not render the page: " + rendered.stderr[-2000:])
    lampvm_man = open(os.path.join(root, "usr/share/man/man1/lampvm.1")).read().replace("\\-", "-")
    for option in re.findall(r"\\fB(--[a-z]+)\\fR", lampvm_man):
        # lampvm accepts every option its page lists (--help and --selftest exit by themselves).
        if option in ("--bin", "--smp"):
            continue
        r = run([option], binary=os.path.join(root, "usr/bin/lampvm"), timeout=60)
        if "Unknown argument" in r.stderr:
            fail(f"lampvm rejects {option}, which its man page lists", r)

    # The bash completion completes commands and option values.
    script = os.path.join(root, "usr/share/bash-completion/completions/microvm")

    def complete(words):
        line = " ".join(f"'{w}'" for w in words)
        out = subprocess.run(["bash", "-c", f"source {script}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1};"
                              f" _microvm; printf '%s\\n' \"${{COMPREPLY[@]}}\""],
                             capture_output=True, text=True)
        return out.stdout.split()

    if complete(["microvm", "ru"]) != ["run"]:
        fail(f"bash completion of 'microvm ru': {complete(['microvm', 'ru'])}")
    if sorted(complete(["microvm", "run", "--stdin", ""])) != ["auto", "uart", "virtio"]:
        fail(f"bash completion of --stdin values: {complete(['microvm', 'run', '--stdin', ''])}")
    if "--kernel" not in complete(["microvm", "run", "--ke"]):
        fail("bash completion of 'microvm run --ke'")
    zsh = open(os.path.join(root, "usr/share/zsh/vendor-completions/_microvm")).read()
    if not zsh.startswith("#compdef microvm") or "'--kernel[" not in zsh:
        fail("the zsh completion lacks --kernel")
    if subprocess.run(["bash", "-n", script]).returncode != 0:
        fail("the bash completion script has a syntax error")

print("ok: the .deb installs, boots the example from its files, and its docs match --help")
