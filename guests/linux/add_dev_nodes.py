"""Appends /dev/console and /dev/null to a newc cpio archive (written before its trailer), so
the initramfs can be built without root, which mknod would need."""
import sys

def newc_entry(name, mode, rdev_major, rdev_minor, ino):
    name_bytes = name.encode() + b"\0"
    # The 13 newc fields: ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor
    # rdevminor namesize check (two more here once made Linux stop at "malformed archive").
    fields = [ino, mode, 0, 0, 1, 0, 0, 0, 0, rdev_major, rdev_minor, len(name_bytes), 0]
    assert len(fields) == 13
    header = b"070701" + b"".join(b"%08X" % f for f in fields)
    entry = header + name_bytes
    entry += b"\0" * (-len(entry) % 4)
    return entry

src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
trailer = data.rfind(b"070701")  # the last header is TRAILER!!!
assert data[trailer + 110:trailer + 120] == b"TRAILER!!!", "not a newc archive"
extra = newc_entry("dev/console", 0o020600, 5, 1, 900001) + newc_entry("dev/null", 0o020666, 1, 3, 900002)
out = data[:trailer] + extra + data[trailer:]
out += b"\0" * (-len(out) % 512)
open(dst, "wb").write(out)
