"""Builds TEACHFS images for guests/teaching-kernel (the layout is described in its kernel.c)."""
import random
import struct

SECTOR = 512
HELLO = b"Hello from the host's TEACHFS image!\n"
SCRATCH_SECTORS = 16


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def build(path, big_size=200 * 1024 + 123, seed=7, stay_up=False):
    """Writes the image; returns (total sectors, first scratch sector)."""
    big = random.Random(seed).randbytes(big_size)
    files = [(b"hello.txt", HELLO), (b"big.bin", big)]
    next_sector = 2
    entries, blobs = [], []
    for name, data in files:
        entries.append(struct.pack("<40sIII12x", name, next_sector, len(data), fnv1a(data)))
        blobs.append((next_sector, data))
        next_sector += (len(data) + SECTOR - 1) // SECTOR
    scratch = next_sector
    total = scratch + SCRATCH_SECTORS + 64  # some slack after the scratch area
    image = bytearray(total * SECTOR)
    header = struct.pack("<8sIIIII", b"TEACHFS1", len(files), total, scratch, SCRATCH_SECTORS, int(stay_up))
    image[0:len(header)] = header
    directory = b"".join(entries)
    image[SECTOR:SECTOR + len(directory)] = directory
    for sector, data in blobs:
        image[sector * SECTOR:sector * SECTOR + len(data)] = data
    with open(path, "wb") as f:
        f.write(image)
    return total, scratch


def expected_scratch():
    """What the kernel writes into the 8 scratch sectors."""
    out = bytearray()
    for s in range(8):
        sector = bytearray((s * 31 + i) & 0xFF for i in range(SECTOR))
        tag = b"written by teaching-kernel, sector %d\n" % s
        sector[0:len(tag)] = tag
        out += sector
    return bytes(out)
