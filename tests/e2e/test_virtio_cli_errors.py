"""Every mistake in the virtio options (--disk, --net, --mac, --stdin) ends with one clear line on
stderr and exit status 1, before the guest runs; no image is touched."""
import os
import socket
import subprocess
import tempfile

from harness import MICROVM, Result, run, fail, passed


def expect_error(extra, needle, prefix=()):
    args = ["run", "--example", "minimal-kernel", "--timeout-secs", "5"] + extra
    if prefix:
        p = subprocess.run(list(prefix) + [MICROVM] + args, capture_output=True, timeout=60)
        r = Result(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))
    else:
        r = run(args)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    if r.returncode != 1 or len(lines) != 1 or needle not in lines[0]:
        fail(f"{extra}: expected exit 1 and one stderr line containing {needle!r}", r)


with tempfile.TemporaryDirectory() as tmp:
    good = os.path.join(tmp, "good.img")
    with open(good, "wb") as f:
        f.truncate(1 << 20)
    tiny = os.path.join(tmp, "tiny.img")
    with open(tiny, "wb") as f:
        f.write(b"x" * 100)
    missing = os.path.join(tmp, "missing.img")

    expect_error(["--disk", missing], f"cannot open disk image {missing}: No such file or directory")
    expect_error(["--disk", tmp], f"cannot open disk image {tmp}: Is a directory")
    expect_error(["--disk", tmp + ",ro"], "is not a regular file or a block device")
    expect_error(["--disk", tiny], "a disk needs at least one 512-byte sector")
    expect_error(["--disk", good + ",rw"], "unknown option 'rw'")
    expect_error(["--disk", ",ro"], "give a file name")
    expect_error(["--disk", good] * 6, "too many --disk options")
    # A file the user may not write. Root may write anything, so as root (CI) microvm runs as nobody.
    readonly = os.path.join(tmp, "readonly.img")
    with open(readonly, "wb") as f:
        f.truncate(1 << 20)
    os.chmod(readonly, 0o444)
    as_user = []
    if os.getuid() == 0:
        os.chmod(tmp, 0o755)
        as_user = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
    expect_error(["--disk", readonly], "for writing: Permission denied (add ,ro to attach it read-only)", as_user)
    expect_error(["--net", "tap"], "unknown network 'tap'")
    expect_error(["--net", "user,restrict=on"], "unknown option 'restrict=on'")
    expect_error(["--net", "user,hostfwd=tcp:8080"], "bad hostfwd=tcp:8080")
    expect_error(["--net", "user,hostfwd=sctp::1-:2"], "bad hostfwd")
    expect_error(["--net", "user,hostfwd=tcp::99999-:22"], "bad hostfwd")
    expect_error(["--net", "user", "--mac", "52:54:00:12:34"], "expected six hex bytes")
    expect_error(["--net", "user", "--mac", "01:00:5e:00:00:01"], "multicast")
    expect_error(["--mac", "52:54:00:12:34:57"], "--mac needs a network card")
    expect_error(["--stdin", "keyboard"], "--stdin keyboard: give uart, virtio or auto")

    # A forwarded port someone else holds.
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    port = holder.getsockname()[1]
    expect_error(["--net", f"user,hostfwd=tcp:127.0.0.1:{port}-:22"], f"cannot listen on host port {port}")
    holder.close()

    with open(good, "rb") as f:
        if f.read() != bytes(1 << 20):
            fail("a failed start wrote to a disk image")

    # Read-only disks can be shared; a writable one cannot be opened twice in one command.
    expect_error(["--disk", good, "--disk", good], "in use by another process")
    r = run(["run", "--example", "minimal-kernel", "--timeout-secs", "60", "--disk", good + ",ro", "--disk",
             good + ",ro"])
    if r.returncode != 0:
        fail("two read-only uses of one image should be fine", r)
passed("virtio option errors")
