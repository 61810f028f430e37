// Guest RAM in a snapshot: which pages are not all zero (a bitmap), and those pages' bytes
// compressed with zstd. "Touched" pages are the nonzero ones: a page the guest zeroed again
// costs nothing, and an idle 128 MiB Linux guest stores a few MiB.
#pragma once

#include <cstdint>

#include "core/ram.h"
#include "core/snapshot.h"

namespace microvm {

struct RamSummary {
  uint64_t base = 0, size = 0, pages = 0, stored_pages = 0, compressed_bytes = 0;
};

// kSmall for files; kFast for checkpoints that stay in this process (reverse debugging), taken
// every few million instructions, where the time matters more than the size.
enum class RamCompression { kSmall, kFast };
void save_ram(const Ram& ram, SnapshotWriter& out, RamCompression compression = RamCompression::kSmall);
// Fills `ram` (of the size the snapshot says) from the section; every page not stored is zero.
void load_ram(Ram& ram, SnapshotReader& in);
// Any other block of bytes (a framebuffer): its size (u64), then one zstd frame (a blob).
void save_compressed(std::span<const uint8_t> bytes, SnapshotWriter& out);
// Fills `bytes`, whose size must be the one saved.
void load_compressed(SnapshotReader& in, std::span<uint8_t> bytes);

// What the section holds, without decompressing it (for `microvm inspect`).
RamSummary summarize_ram(SnapshotReader& in);

}  // namespace microvm
