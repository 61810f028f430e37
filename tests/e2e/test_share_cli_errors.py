"""Every mistake in --share ends with one clear line on stderr and exit status 1 before the guest
runs; a good --share boots (the example kernel ignores the device); a snapshot of a machine with a
share is refused, as its open files are host files."""
import os
import tempfile

from harness import run, fail, passed


def expect_error(extra, needle):
    r = run(["run", "--example", "minimal-kernel", "--timeout-secs", "5"] + extra)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    if r.returncode != 1 or len(lines) != 1 or needle not in lines[0]:
        fail(f"{extra}: expected exit 1 and one stderr line containing {needle!r}", r)


with tempfile.TemporaryDirectory() as tmp:
    folder = os.path.join(tmp, "folder")
    os.mkdir(folder)
    plain = os.path.join(tmp, "plain.txt")
    open(plain, "w").close()
    missing = os.path.join(tmp, "missing")
    disk = os.path.join(tmp, "disk.img")
    with open(disk, "wb") as f:
        f.truncate(1 << 20)

    expect_error(["--share", missing], f"--share {missing}: No such file or directory")
    expect_error(["--share", plain], f"--share {plain}: not a directory")
    expect_error(["--share", folder + ",rw"], "unknown option 'rw' (the options there are: tag=NAME, ro)")
    expect_error(["--share", folder + ",tag="], "the tag must be 1 to 31 letters")
    expect_error(["--share", folder + ",tag=a/b"], "the tag must be 1 to 31 letters")
    expect_error(["--share", ",ro"], "give a folder")
    expect_error(["--share", folder, "--share", folder], "tag 'share' is taken by another --share")
    expect_error(["--disk", disk] * 3 + [f"--share={folder},tag=t{i}" for i in range(3)],
                 "3 --disk and 3 --share options: together they have room for 5")

    good = run(["run", "--example", "minimal-kernel", "--share", f"{folder},tag=src,ro", "--share",
                folder + ",tag=rw", "--timeout-secs", "20"])
    if good.returncode != 0:
        fail("the example kernel does not run with two shares", good)
    snap = os.path.join(tmp, "snap.mvs")
    r = run(["run", "--example", "minimal-kernel", "--share", folder, "--save-snapshot", snap,
             "--save-snapshot-at", "1000", "--timeout-secs", "20"])
    if r.returncode == 0 or "no snapshots of a machine with --share" not in r.stderr or os.path.exists(snap):
        fail("a snapshot of a machine with --share is not refused in one message", r)
passed("--share mistakes are reported in one line")
